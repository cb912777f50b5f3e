package dev.berth.image;

import java.time.Instant;

/**
 * One entry of an image's history (OCI image-spec config.md, {@code history}): the step that made a layer, or
 * changed only the config ({@code emptyLayer}).
 */
public record HistoryEntry(Instant created, String createdBy, String comment, boolean emptyLayer) {
    public HistoryEntry {
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }
}
