{#-
    The category each categorised report row shows: the seller's current correction of its
    normalised title (source 'seller', confidence 1), else the model's answer. Applied here,
    not only when categorising, so that a correction or its undo reaches the marts with a
    marts-only refresh of the seller (mi_core.corrections queues it).
-#}

with

categories as (

    select * from {{ ref('stg_sale_categories') }}

),

corrections as (

    select * from {{ ref('stg_category_corrections') }}

),

final as (

    select
        categories.upload_id,
        categories.row_number,
        categories.tenant_id,
        categories.normalised_title,
        coalesce(corrections.department, categories.model_department) as department,
        case
            when corrections.correction_id is not null then corrections.subcategory
            else categories.model_subcategory
        end as subcategory,
        case
            when corrections.correction_id is not null then 1
            else categories.model_confidence
        end::numeric(5, 4) as category_confidence,
        case
            when corrections.correction_id is not null then 'seller'
            else categories.model_source
        end as category_source,
        corrections.correction_id

    from categories

    left join corrections
        on corrections.tenant_id = categories.tenant_id
        and corrections.normalised_title = categories.normalised_title

)

select * from final
