{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'tax_year'], 'unique': true},
        ]
    )
}}

{#-
    Per seller and tax year (calendar year of the completed date; of the expense date for
    expenses): the Form 1099-K figures and the Schedule C lines, summed from
    fct_sale_tax_lines and fct_seller_expenses (the definitions live there and in
    mi_core/tax.py; the federal threshold of each year is in mi_core/tax.py, applied by
    the portal).
      * returns: Mercari's sales report has no refund column in any layout, so it is null
        ("not in this report"), and the profit is before any refunds;
      * cost_of_goods sums the sales whose cost is known (null when none is);
        sales_without_cost says how many are unknown, so a profit is never silently
        based on a zero cost;
      * profit = gross_receipts - returns - cost_of_goods - fees - shipping -
        other_expenses (unknowns as nothing, and said so by the counts above);
      * sales_without_penalty_fee counts sales from reports whose layout has no Penalty
        Fee column (2022).
    Incremental per tenant (an expense change or an upload deletion refreshes the seller).
-#}

with

sale_lines as (

    select * from {{ ref('fct_sale_tax_lines') }}

    where {{ refresh_scope('tenant') }}

),

expenses as (

    select * from {{ ref('fct_seller_expenses') }}

    where {{ refresh_scope('tenant') }}

),

sales_by_year as (

    select
        tenant_id,
        tax_year,
        count(*) as transactions,
        sum(form_1099k_gross) as form_1099k_gross,
        sum(sales_tax_remitted) as sales_tax_remitted,
        sum(gross_receipts) as gross_receipts,
        sum(cost_of_goods) as cost_of_goods,
        count(cost_of_goods) as sales_with_cost,
        count(*) - count(cost_of_goods) as sales_without_cost,
        sum(fees) as fees,
        sum(shipping) as shipping,
        sum(net_seller_proceeds) as net_seller_proceeds,
        count(*) - count(penalty_fee) as sales_without_penalty_fee,
        min(completed_date) as first_completed_date,
        max(completed_date) as last_completed_date

    from sale_lines

    group by 1, 2

),

expenses_by_year as (

    select
        tenant_id,
        tax_year,
        count(*) as expenses,
        sum(amount) as other_expenses

    from expenses

    group by 1, 2

),

years as (

    select
        coalesce(sales_by_year.tenant_id, expenses_by_year.tenant_id) as tenant_id,
        coalesce(sales_by_year.tax_year, expenses_by_year.tax_year) as tax_year,
        coalesce(sales_by_year.transactions, 0) as transactions,
        coalesce(sales_by_year.form_1099k_gross, 0) as form_1099k_gross,
        coalesce(sales_by_year.sales_tax_remitted, 0) as sales_tax_remitted,
        coalesce(sales_by_year.gross_receipts, 0) as gross_receipts,
        null::numeric as returns,
        sales_by_year.cost_of_goods,
        coalesce(sales_by_year.sales_with_cost, 0) as sales_with_cost,
        coalesce(sales_by_year.sales_without_cost, 0) as sales_without_cost,
        coalesce(sales_by_year.fees, 0) as fees,
        coalesce(sales_by_year.shipping, 0) as shipping,
        coalesce(expenses_by_year.other_expenses, 0) as other_expenses,
        coalesce(expenses_by_year.expenses, 0) as expenses,
        sales_by_year.net_seller_proceeds,
        coalesce(sales_by_year.sales_without_penalty_fee, 0) as sales_without_penalty_fee,
        sales_by_year.first_completed_date,
        sales_by_year.last_completed_date

    from sales_by_year

    full outer join expenses_by_year
        on expenses_by_year.tenant_id = sales_by_year.tenant_id
        and expenses_by_year.tax_year = sales_by_year.tax_year

),

final as (

    select
        tenant_id::uuid as tenant_id,
        tax_year::integer as tax_year,
        transactions::integer as transactions,
        form_1099k_gross::numeric(14, 2) as form_1099k_gross,
        sales_tax_remitted::numeric(14, 2) as sales_tax_remitted,
        gross_receipts::numeric(14, 2) as gross_receipts,
        returns::numeric(14, 2) as returns,
        cost_of_goods::numeric(14, 2) as cost_of_goods,
        sales_with_cost::integer as sales_with_cost,
        sales_without_cost::integer as sales_without_cost,
        fees::numeric(14, 2) as fees,
        shipping::numeric(14, 2) as shipping,
        other_expenses::numeric(14, 2) as other_expenses,
        expenses::integer as expenses,
        (
            gross_receipts
            - coalesce(returns, 0)
            - coalesce(cost_of_goods, 0)
            - fees
            - shipping
            - other_expenses
        )::numeric(14, 2) as profit,
        net_seller_proceeds::numeric(14, 2) as net_seller_proceeds,
        sales_without_penalty_fee::integer as sales_without_penalty_fee,
        first_completed_date::date as first_completed_date,
        last_completed_date::date as last_completed_date

    from years

)

select * from final
