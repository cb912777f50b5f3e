package dev.berth.image.registry;

import dev.berth.image.ContentStore;
import dev.berth.image.ImageService;

/** The local side of a transfer: image records, the blobs under them, and where blobs were seen in registries. */
record LocalStore(ImageService images, ContentStore content, BlobSources sources) {}
