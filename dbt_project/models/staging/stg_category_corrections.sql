{#-
    The seller's category for each corrected normalised title: of several corrections
    covering a title (a title and a group correction, say), the newest wins.
-#}

with

corrections as (

    select * from {{ source('app', 'category_corrections') }}

),

correction_titles as (

    select * from {{ source('app', 'category_correction_titles') }}

),

ranked as (

    select
        correction_titles.tenant_id,
        correction_titles.normalised_title,
        corrections.id as correction_id,
        corrections.department,
        corrections.subcategory,
        corrections.created_at,
        row_number() over (
            partition by correction_titles.tenant_id, correction_titles.normalised_title
            order by corrections.created_at desc, corrections.id desc
        ) as newest_first

    from correction_titles

    inner join corrections
        on corrections.id = correction_titles.correction_id

),

final as (

    select
        tenant_id::uuid as tenant_id,
        normalised_title::text as normalised_title,
        correction_id::uuid as correction_id,
        department::text as department,
        subcategory::text as subcategory,
        created_at::timestamptz as corrected_at

    from ranked

    where newest_first = 1

)

select * from final
