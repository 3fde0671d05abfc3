with

clusters as (

    select * from {{ source('raw', 'title_clusters') }}

),

members as (

    select * from {{ source('raw', 'title_cluster_members') }}

),

final as (

    select
        members.tenant_id::uuid as tenant_id,
        members.item_title::text as item_title,
        members.cluster_id::integer as cluster_id,
        clusters.name::text as cluster_name

    from members

    inner join clusters
        on clusters.tenant_id = members.tenant_id
        and clusters.cluster_id = members.cluster_id

)

select * from final
