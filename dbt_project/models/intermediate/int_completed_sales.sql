{#-
    The COMPLETED sales of fct_sales with what the per-sale money marts read: their keys,
    dates, department and every money column, as fct_sales types them. The one place
    that picks them; fct_sale_fee_checks (the fee check of each sale) and
    fct_sale_tax_lines (what each sale adds to its tax year) both start from here.
    A view: each of those marts filters it by its refresh scope, which Postgres pushes
    down to fct_sales' (tenant_id, item_id) index.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

),

completed as (

    select * from sales

    where is_completed

),

final as (

    select
        sale_key,
        tenant_id,
        upload_id,
        row_number,
        item_id,
        item_title,
        is_completed,
        sold_date,
        completed_date,
        department,

        item_price,
        buyer_shipping_fee,
        buyer_sales_tax,
        mercari_selling_fee,
        seller_payment_processing_fee,
        penalty_fee,
        seller_shipping_fee,
        shipping_adjustment_fee,
        total_seller_fees,
        net_seller_proceeds,

        cost_of_goods,
        cost_source

    from completed

)

select * from final
