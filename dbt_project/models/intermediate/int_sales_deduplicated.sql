{#-
    A view (not ephemeral) so that unit tests of fct_sales can mock it with dict rows and
    so that the refresh-scope filter applied by fct_sales (on tenant_id / item_id) is
    pushed down through the window to an index scan of the raw table. The window is
    partitioned by the sale's natural key columns (tenant_id, item_id, sold_date,
    order_status) — not by the computed sale_key — precisely so that a restriction on
    tenant_id and item_id can be pushed below it.
-#}

with

sales_report_rows as (

    select * from {{ ref('stg_sales_report_rows') }}

),

ranked as (

    select
        sales_report_rows.*,

        row_number() over (
            partition by
                sales_report_rows.tenant_id,
                sales_report_rows.item_id,
                sales_report_rows.sold_date,
                sales_report_rows.order_status
            order by
                sales_report_rows.upload_created_at desc,
                sales_report_rows.upload_id desc,
                sales_report_rows.row_number desc
        ) as version_rank,

        count(*) over (
            partition by
                sales_report_rows.tenant_id,
                sales_report_rows.item_id,
                sales_report_rows.sold_date,
                sales_report_rows.order_status
        ) as times_uploaded

    from sales_report_rows

),

final as (

    select
        sale_key,
        tenant_id,
        upload_id,
        row_number,
        item_id,
        item_title,
        order_status,
        is_completed,
        is_cancelled,
        shipped_to_state,
        shipped_from_state,
        sold_date,
        cancelled_date,
        completed_date,
        days_to_complete,
        sale_month,
        sale_year,
        item_price,
        seller_shipping_fee,
        mercari_selling_fee,
        seller_payment_processing_fee,
        shipping_adjustment_fee,
        penalty_fee,
        total_seller_fees,
        net_seller_proceeds,
        buyer_shipping_fee,
        buyer_sales_tax,
        buyer_merchant_fees,
        buyer_service_fee,
        buyer_protection_fee,
        buyer_payment_processing_fee,
        upload_created_at,
        loaded_at,
        times_uploaded::integer as times_uploaded

    from ranked

    where version_rank = 1

)

select * from final
