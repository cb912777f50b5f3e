package dev.berth.image.registry;

import dev.berth.common.CredentialFiles;
import dev.berth.common.RegistryAuth;
import dev.berth.image.ContentStore;
import dev.berth.image.ImageService;
import dev.berth.image.Platform;
import dev.berth.image.RegistryService;
import dev.berth.image.RemoteRef;
import dev.berth.image.TransferListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@link RegistryService} over the OCI Distribution API with {@link java.net.http.HttpClient}. A request that
 * brings no credentials uses those stored for the registry in Berth's or Docker's credential file, so existing
 * Docker logins just work.
 */
public final class DistributionRegistry implements RegistryService {
    private final DistributionClient client;
    private final ImagePuller puller;
    private final ImagePusher pusher;
    private final List<Path> credentialFiles;

    /**
     * @param insecure        registries ({@code host[:port]}) that may be reached over plain HTTP, besides loopback
     * @param credentialFiles Docker-shaped config files consulted, in order, when a request brings no credentials
     */
    public DistributionRegistry(ImageService images, ContentStore content, Set<String> insecure, List<Path> credentialFiles) {
        this.client = new DistributionClient(new RegistryHttp(new RegistryHosts(insecure)));
        LocalStore local = new LocalStore(images, content, new BlobSources());
        this.puller = new ImagePuller(client, local);
        this.pusher = new ImagePusher(client, local);
        this.credentialFiles = List.copyOf(credentialFiles);
    }

    @Override
    public PullResult pull(RemoteRef ref, Platform platform, RegistryAuth auth, TransferListener listener) {
        return puller.pull(ref, platform, orStored(auth, ref.registry()), listener);
    }

    @Override
    public List<String> tags(RemoteRef ref, RegistryAuth auth) {
        return client.tags(Scope.pull(ref.registry(), ref.repository(), orStored(auth, ref.registry())), ref.repository());
    }

    @Override
    public PushResult push(String localName, RemoteRef target, RegistryAuth auth, TransferListener listener) {
        return pusher.push(localName, target, orStored(auth, target.registry()), listener);
    }

    @Override
    public void login(String registry, RegistryAuth auth) {
        client.ping(Scope.login(registry, auth));
    }

    private RegistryAuth orStored(RegistryAuth auth, String registry) {
        return auth.isAnonymous() ? CredentialFiles.lookup(credentialFiles, registry).orElse(auth) : auth;
    }
}
