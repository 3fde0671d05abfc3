{{
    config(
        pre_hook="{{ delete_refresh_scope('day', key_column='sold_date') }}",
        indexes=[
            {'columns': ['tenant_id', 'sold_date', 'department', 'cluster_id'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant, sold day, department and product-line cluster (the same assignment as
    fct_seller_clusters: -2 for titles not clustered yet): the additive figures behind the
    portal's product-lines widget for any date range. Money metrics count COMPLETED orders
    only. Incremental per (tenant, sold day), like fct_seller_daily: titles joining a
    product group leave the other titles' groups and names as they were, so only the
    upload's days change; when the title_clusters asset regroups a seller from scratch it
    queues the whole seller (mi_core.categorising.cluster_seller).
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('day', key_column='sold_date') }}

),

clusters as (

    select * from {{ ref('stg_title_clusters') }}

    where {{ refresh_scope('tenant') }}

),

daily_clusters as (

    select
        sales.tenant_id,
        sales.sold_date,
        sales.department,
        coalesce(clusters.cluster_id, -2) as cluster_id,
        coalesce(clusters.cluster_name, 'Not clustered yet') as cluster_name,

        count(*) filter (where sales.is_completed) as orders,
        count(*) filter (where sales.is_cancelled) as cancelled_orders,
        coalesce(sum(sales.item_price) filter (where sales.is_completed), 0) as gross_sales,
        coalesce(sum(sales.net_seller_proceeds) filter (where sales.is_completed), 0)
            as net_proceeds,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums('sales') }}

    from sales

    left join clusters
        on clusters.tenant_id = sales.tenant_id
        and clusters.item_title = sales.item_title

    group by 1, 2, 3, 4, 5

),

final as (

    select
        tenant_id::uuid as tenant_id,
        sold_date::date as sold_date,
        department::text as department,
        cluster_id::integer as cluster_id,
        cluster_name::text as cluster_name,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,

{{ cost_of_goods_columns() }}

    from daily_clusters

)

select * from final
