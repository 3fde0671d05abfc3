{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'cluster_id'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and product-line cluster (similar titles grouped by the title_clusters
    asset): completed orders, gross, net, average price and shares within the tenant.
    Incremental per tenant: a seller's clusters are recomputed with each upload.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('tenant') }}

),

clusters as (

    select * from {{ ref('stg_title_clusters') }}

    where {{ refresh_scope('tenant') }}

),

by_cluster as (

    select
        sales.tenant_id,
        coalesce(clusters.cluster_id, -2) as cluster_id,
        coalesce(clusters.cluster_name, 'Not clustered yet') as cluster_name,

        count(*) filter (where sales.is_completed) as orders,
        count(*) filter (where sales.is_cancelled) as cancelled_orders,
        coalesce(sum(sales.item_price) filter (where sales.is_completed), 0) as gross_sales,
        coalesce(sum(sales.net_seller_proceeds) filter (where sales.is_completed), 0)
            as net_proceeds,
        avg(sales.item_price) filter (where sales.is_completed) as average_price,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums('sales') }}

    from sales

    left join clusters
        on clusters.tenant_id = sales.tenant_id
        and clusters.item_title = sales.item_title

    group by 1, 2, 3

),

with_tenant_totals as (

    select
        by_cluster.*,
        sum(by_cluster.gross_sales) over (partition by by_cluster.tenant_id)
            as tenant_gross_sales

    from by_cluster

),

final as (

    select
        tenant_id::uuid as tenant_id,
        cluster_id::integer as cluster_id,
        cluster_name::text as cluster_name,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,
        round(average_price, 2)::numeric(14, 2) as average_price,
        round(gross_sales / nullif(tenant_gross_sales, 0), 6)::numeric(9, 6) as share_of_gross,

{{ cost_of_goods_columns() }},
{{ profit_ratios() }}

    from with_tenant_totals

)

select * from final
