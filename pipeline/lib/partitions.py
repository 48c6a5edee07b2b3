"""One dynamic partition per document of the manifest, so each fails and reruns alone."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")


def partition_range_tags(
    ordered: list[str], documents: list[str] | tuple[str, ...]
) -> dict[str, str]:
    """Run tags for one run over ``documents``: the range of partitions from the first to the
    last of them, in the partitions' order (documents between them are only reported if
    unchanged, not extracted again)."""
    position = {key: index for index, key in enumerate(ordered)}
    indexes = sorted(position[doc] for doc in documents)
    return {
        "dagster/asset_partition_range_start": ordered[indexes[0]],
        "dagster/asset_partition_range_end": ordered[indexes[-1]],
    }
