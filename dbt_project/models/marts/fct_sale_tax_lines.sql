{{
    config(
        pre_hook="{{ delete_refresh_scope('item', key_column='item_id') }}",
        indexes=[
            {'columns': ['sale_key'], 'unique': true},
            {'columns': ['tenant_id', 'item_id']},
            {'columns': ['tenant_id', 'tax_year']},
        ]
    )
}}

{#-
    What each COMPLETED sale adds to each line of its tax year: the one definition of the
    tax figures (fct_seller_tax_years sums these rows; the tax page's drill-down lists
    them). The rules and their sources are in mi_core/tax.py:
      * tax_year: the calendar year of the COMPLETED date (when Mercari counts the
        transaction for Form 1099-K and pays the proceeds), not of the sold date;
        cancelled orders are never receipts, so they are not here at all;
      * form_1099k_gross = item price + buyer-paid shipping + sales tax charged to the
        buyer (Mercari help article 163; buyer service/processing fees are not in it);
      * sales_tax_remitted = the buyer's sales tax (Mercari collects and remits it as the
        marketplace facilitator); gross_receipts = form_1099k_gross - sales_tax_remitted;
      * fees = selling fee + payment processing fee charged to the seller + penalty fee;
      * shipping = seller shipping + shipping adjustment + the buyer's shipping fee (it
        paid the label: counted in the 1099-K gross, never paid out to the seller), so
        gross_receipts - fees - shipping = net_seller_proceeds (a data test);
      * cost_of_goods: the cost entered for the sale (fct_sales), null when unknown;
      * sale_profit = gross_receipts - fees - shipping - cost_of_goods (null when the cost
        is unknown).
    A money column the report's layout lacks (a 2022 report's Penalty Fee) stays NULL in
    the component columns and adds nothing to the line; fct_seller_tax_years counts such
    sales so the page can say "not in this report" instead of showing a zero.
    Incremental per (tenant_id, item_id), like fct_sales.
-#}

with

sales as (

    select * from {{ ref('int_completed_sales') }}

    where {{ refresh_scope('item', key_column='item_id') }}
        and completed_date is not null

),

lines as (

    select
        sales.*,
        extract(year from sales.completed_date)::integer as tax_year,

        sales.item_price
            + coalesce(sales.buyer_shipping_fee, 0)
            + coalesce(sales.buyer_sales_tax, 0) as form_1099k_gross,
        coalesce(sales.buyer_sales_tax, 0) as sales_tax_remitted,
        sales.item_price + coalesce(sales.buyer_shipping_fee, 0) as gross_receipts,
        coalesce(sales.mercari_selling_fee, 0)
            + coalesce(sales.seller_payment_processing_fee, 0)
            + coalesce(sales.penalty_fee, 0) as fees,
        coalesce(sales.seller_shipping_fee, 0)
            + coalesce(sales.shipping_adjustment_fee, 0)
            + coalesce(sales.buyer_shipping_fee, 0) as shipping,
        -- the cost fct_sales resolved (sale > title > product group > subcategory >
        -- department share); null when the seller gave none
        sales.cost_of_goods as sale_cost_of_goods,
        sales.cost_source as sale_cost_source

    from sales

),

final as (

    select
        sale_key::text as sale_key,
        tenant_id::uuid as tenant_id,
        item_id::text as item_id,
        item_title::text as item_title,
        sold_date::date as sold_date,
        completed_date::date as completed_date,
        tax_year::integer as tax_year,

        item_price::numeric(12, 2) as item_price,
        buyer_shipping_fee::numeric(12, 2) as buyer_shipping_fee,
        buyer_sales_tax::numeric(12, 2) as buyer_sales_tax,
        mercari_selling_fee::numeric(12, 2) as mercari_selling_fee,
        seller_payment_processing_fee::numeric(12, 2) as seller_payment_processing_fee,
        penalty_fee::numeric(12, 2) as penalty_fee,
        seller_shipping_fee::numeric(12, 2) as seller_shipping_fee,
        shipping_adjustment_fee::numeric(12, 2) as shipping_adjustment_fee,
        net_seller_proceeds::numeric(12, 2) as net_seller_proceeds,

        form_1099k_gross::numeric(14, 2) as form_1099k_gross,
        sales_tax_remitted::numeric(14, 2) as sales_tax_remitted,
        gross_receipts::numeric(14, 2) as gross_receipts,
        fees::numeric(14, 2) as fees,
        shipping::numeric(14, 2) as shipping,
        sale_cost_of_goods::numeric(12, 2) as cost_of_goods,
        sale_cost_source::text as cost_source,
        (gross_receipts - fees - shipping - sale_cost_of_goods)::numeric(14, 2) as sale_profit

    from lines

)

select * from final
