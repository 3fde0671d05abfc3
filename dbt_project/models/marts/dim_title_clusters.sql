{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'item_title'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and clustered item title: its product-line cluster (the assignment behind
    fct_seller_clusters), for readers that need a sale's cluster (the portal's sales
    export) without reading the staging layer. Incremental per tenant: the title_clusters
    asset refits all of a seller's clusters.
-#}

with

clusters as (

    select * from {{ ref('stg_title_clusters') }}

    where {{ refresh_scope('tenant') }}

),

final as (

    select
        tenant_id::uuid as tenant_id,
        item_title::text as item_title,
        cluster_id::integer as cluster_id,
        cluster_name::text as cluster_name

    from clusters

)

select * from final
