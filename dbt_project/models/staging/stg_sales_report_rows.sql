with

sales_report_rows as (

    select * from {{ source('raw', 'sales_report_rows') }}

),

uploads as (

    select * from {{ source('app', 'uploads') }}

),

renamed as (

    select
        ----------  ids
        sales_report_rows.upload_id,
        sales_report_rows.tenant_id,
        sales_report_rows.row_number,
        sales_report_rows.item_id,

        ----------  text
        sales_report_rows.item_title,
        sales_report_rows.order_status,
        nullif(upper(trim(sales_report_rows.shipped_to_state)), '') as shipped_to_state,
        nullif(upper(trim(sales_report_rows.shipped_from_state)), '') as shipped_from_state,

        ----------  dates
        sales_report_rows.sold_date,
        sales_report_rows.canceled_date as cancelled_date,
        sales_report_rows.completed_date,

        ----------  seller-side amounts (USD)
        sales_report_rows.item_price,
        sales_report_rows.seller_shipping_fee,
        sales_report_rows.mercari_selling_fee,
        sales_report_rows.payment_processing_fee_charged_to_seller
            as seller_payment_processing_fee,
        sales_report_rows.shipping_adjustment_fee,
        sales_report_rows.penalty_fee,
        sales_report_rows.net_seller_proceeds,

        ----------  buyer-side amounts (USD)
        sales_report_rows.buyer_shipping_fee,
        sales_report_rows.sales_tax_charged_to_buyer as buyer_sales_tax,
        sales_report_rows.merchant_fees_charged_to_buyer as buyer_merchant_fees,
        sales_report_rows.service_fee_charged_to_buyer as buyer_service_fee,
        sales_report_rows.buyer_protection_charged_to_buyer as buyer_protection_fee,
        sales_report_rows.payment_processing_fee_charged_to_buyer
            as buyer_payment_processing_fee,

        ----------  cells under columns the report has and we do not know ({header: cell})
        sales_report_rows.extra,

        ----------  lineage
        uploads.seller_id as upload_seller_id,
        uploads.created_at as upload_created_at,
        sales_report_rows.loaded_at

    from sales_report_rows

    inner join uploads
        on sales_report_rows.upload_id = uploads.id

),

final as (

    select
        md5(
            tenant_id::text
            || '|' || item_id
            || '|' || to_char(sold_date, 'YYYY-MM-DD')
            || '|' || order_status
        ) as sale_key,

        upload_id,
        tenant_id,
        row_number,
        item_id,
        item_title,
        order_status,
        order_status = 'Completed' as is_completed,
        order_status = 'Cancelled' as is_cancelled,
        shipped_to_state,
        shipped_from_state,

        sold_date,
        cancelled_date,
        completed_date,
        (completed_date - sold_date)::integer as days_to_complete,
        date_trunc('month', sold_date)::date as sale_month,
        extract(year from sold_date)::integer as sale_year,

        item_price,
        seller_shipping_fee,
        mercari_selling_fee,
        seller_payment_processing_fee,
        shipping_adjustment_fee,
        penalty_fee,
        -- The fees the report has: a column its layout lacks (NULL, e.g. a 2022 report's
        -- Penalty Fee) adds nothing, so the total stays the sum of what Mercari charged.
        (
            coalesce(mercari_selling_fee, 0)
            + coalesce(seller_payment_processing_fee, 0)
            + coalesce(shipping_adjustment_fee, 0)
            + coalesce(penalty_fee, 0)
        )::numeric(14, 2) as total_seller_fees,
        net_seller_proceeds,

        buyer_shipping_fee,
        buyer_sales_tax,
        buyer_merchant_fees,
        buyer_service_fee,
        buyer_protection_fee,
        buyer_payment_processing_fee,
        extra,

        upload_seller_id,
        upload_created_at,
        loaded_at

    from renamed

)

select * from final
