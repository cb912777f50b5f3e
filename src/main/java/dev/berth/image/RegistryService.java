package dev.berth.image;

import dev.berth.common.Digest;
import dev.berth.common.RegistryAuth;
import java.util.List;

/**
 * Pull, push and login against OCI Distribution registries. Pulled blobs are verified against their digests before
 * they enter the content store; a failed pull leaves the store and every existing tag as it was.
 */
public interface RegistryService {
    /**
     * Pulls {@code ref}, choosing {@code platform} from a multi-platform index, tags it locally when {@code ref}
     * names a tag, and records its repository with the digest of what {@code ref} names (the index, if it names
     * one) as a RepoDigest, as dockerd does. An image already stored is only re-tagged. NOT_FOUND for an unknown name, tag or platform,
     * UNAUTHORIZED when the registry refuses {@code auth}, INVALID_ARGUMENT for an answer that breaks the spec.
     */
    PullResult pull(RemoteRef ref, Platform platform, RegistryAuth auth, TransferListener listener);

    /** The tags of {@code ref}'s repository, as the registry lists them. */
    List<String> tags(RemoteRef ref, RegistryAuth auth);

    /**
     * Pushes the local image {@code localName} as {@code target}: blobs the registry lacks, then the manifest, whose
     * digest in {@code target}'s repository becomes one of the image's RepoDigests.
     */
    PushResult push(String localName, RemoteRef target, RegistryAuth auth, TransferListener listener);

    /** Checks {@code auth} against {@code registry} ({@code host[:port]}); UNAUTHORIZED when it is refused. */
    void login(String registry, RegistryAuth auth);

    /**
     * What a pull did: the image, the digest of the manifest or index the reference names, and whether the local tag is new or moved
     * (dockerd's "Downloaded newer image" rather than "Image is up to date"), whether or not blobs were fetched.
     */
    record PullResult(Image image, Digest manifestDigest, boolean newTag) {}

    /** What a push left in the registry: the manifest's digest and size, as {@code docker push} prints them. */
    record PushResult(Digest manifestDigest, long manifestSize) {}
}
