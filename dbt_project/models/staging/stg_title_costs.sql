{#-
    A title cost applies to every title of the seller that normalises to the same text
    (normalised in Python: raw.normalised_titles), so "Rae Dunn LOVE Mug NWT" and
    "rae dunn love mug" share a cost.
-#}

with

title_costs as (

    select * from {{ source('app', 'title_costs') }}

),

normalised_titles as (

    select * from {{ source('raw', 'normalised_titles') }}

),

final as (

    select
        normalised_titles.tenant_id::uuid as tenant_id,
        normalised_titles.item_title::text as item_title,
        title_costs.title::text as cost_title,
        title_costs.cost::numeric(12, 2) as cost

    from title_costs

    inner join normalised_titles
        on normalised_titles.tenant_id = title_costs.seller_id
        and normalised_titles.normalised_title = title_costs.normalised_title

)

select * from final
