-- The articles' numbers, whether the evidence backs them, the primary claim behind each, and why.
select claims.document_id, claims.value_text, claims.unit, claims.subject,
       claims.verification_status, claims.cited_source,
       primary_claim.document_id as primary_document_id,
       primary_claim.claim_text as primary_claim_text,
       claims.claim_text,
       claims.cited_document_id,
       claims.verification_note
from marts.fct_claims as claims
inner join marts.dim_documents as documents using (document_id)
left join marts.fct_claims as primary_claim
    on claims.verified_by_claim_id = primary_claim.claim_id
where documents.document_type = 'article'
order by claims.verification_status, claims.document_id, claims.char_start;
