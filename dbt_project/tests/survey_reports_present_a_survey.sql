{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'dim_documents'}}}) }}
-- A survey report presents a survey: a report read without error from which no survey (no
-- respondent count, fieldwork, question or figure of answers) could be read is listed here. It
-- is partial, and its extraction_warnings say why; the warehouse is still published (a warning).
select documents.document_id, documents.extraction_status, documents.extraction_warnings
from {{ ref('dim_documents') }} as documents
left join {{ ref('dim_surveys') }} as surveys using (document_id)
where documents.document_type = 'survey_report'
    and documents.extraction_status != 'failed'
    and surveys.survey_id is null
