"""One dynamic partition per document of the manifest, so each fails and reruns alone."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")
