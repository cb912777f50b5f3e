package dev.berth.cli;

import dev.berth.common.BerthException;

/** {@code [registry/]repository[:tag]} split where Docker splits it: the tag is after the last colon past the last slash. */
record ImageName(String repository, String tag) {
    ImageName {
        if (repository.isEmpty()) {
            throw BerthException.invalid("invalid reference format: empty repository name");
        }
        if (tag.isEmpty()) {
            throw BerthException.invalid("invalid reference format: empty tag in '" + repository + ":'");
        }
    }

    static ImageName parse(String reference) {
        if (reference.contains("@")) {
            throw BerthException.invalid("invalid reference format: '" + reference + "' (a digest cannot be used here; use NAME[:TAG])");
        }
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/')
                ? new ImageName(reference.substring(0, colon), reference.substring(colon + 1))
                : new ImageName(reference, "latest");
    }
}
