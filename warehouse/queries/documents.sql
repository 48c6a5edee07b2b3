-- Every document with its status; a failed one says why.
select document_id, document_type, source_format, page_count, word_count, claim_count,
       extraction_status, extraction_error
from marts.dim_documents
order by document_id;
