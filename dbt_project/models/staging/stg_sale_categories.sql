with

source as (

    select * from {{ source('raw', 'sale_categories') }}

),

renamed as (

    select
        upload_id::uuid as upload_id,
        row_number::integer as row_number,
        tenant_id::uuid as tenant_id,
        department::text as department,
        nullif(subcategory, '')::text as subcategory,
        confidence::numeric(5, 4) as category_confidence,
        source::text as category_source,
        reason::text as category_reason,
        normalised_title::text as normalised_title,

        ----------  the model's answer: where a seller's correction decided the row (source
        ----------  'seller') the offline model's, kept beside it; else the category itself
        case when source = 'seller' then model_department else department end::text
            as model_department,
        nullif(
            case when source = 'seller' then model_subcategory else subcategory end, ''
        )::text as model_subcategory,
        (case when source = 'seller' then model_confidence else confidence end)::numeric(5, 4)
            as model_confidence,
        case when source = 'seller' then model_source else source end::text as model_source

    from source

)

select * from renamed
