{#-
    The product-group cost of each title it covers. Cluster ids only mean the same group
    while the seller's clustering fit is unchanged (a refit renumbers the groups), so a
    group cost covers
      * the titles remembered with it (the group's members when it was set), whatever
        happened to the clusters since — a re-upload keeps the costs on the same items;
      * while its fit is still the seller's current one, every title in its cluster now
        (titles that joined the group later get the cost too).
-#}

with

costs as (

    select * from {{ source('app', 'product_group_costs') }}

),

remembered as (

    select * from {{ source('app', 'product_group_cost_titles') }}

),

fits as (

    select * from {{ source('raw', 'title_cluster_models') }}

),

members as (

    select * from {{ source('raw', 'title_cluster_members') }}

),

remembered_titles as (

    select
        remembered.seller_id as tenant_id,
        remembered.item_title,
        costs.id as product_group_cost_id,
        costs.name as group_name,
        costs.cost

    from remembered

    inner join costs
        on costs.id = remembered.product_group_cost_id

),

joined_since as (

    select
        costs.seller_id as tenant_id,
        members.item_title,
        costs.id as product_group_cost_id,
        costs.name as group_name,
        costs.cost

    from costs

    inner join fits
        on fits.tenant_id = costs.seller_id
        and fits.fitted_at = costs.fitted_at

    inner join members
        on members.tenant_id = costs.seller_id
        and members.cluster_id = costs.cluster_id

    where not exists (
        select 1
        from remembered
        where remembered.seller_id = costs.seller_id
            and remembered.item_title = members.item_title
    )

),

unioned as (

    select * from remembered_titles
    union all
    select * from joined_since

),

final as (

    select
        tenant_id::uuid as tenant_id,
        item_title::text as item_title,
        product_group_cost_id::integer as product_group_cost_id,
        group_name::text as group_name,
        cost::numeric(12, 2) as cost

    from unioned

)

select * from final
