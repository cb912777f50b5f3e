package dev.berth.image.registry;

import dev.berth.image.RemoteRef;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * Where a registry's API lives and whether plain HTTP may be tried. As in Docker, plain HTTP is allowed only for
 * registries configured as insecure and for loopback ({@code localhost}, 127.0.0.0/8, ::1). Unlike Docker, those
 * are tried over plain HTTP first: a plain-HTTP server may leave a TLS handshake hanging until a timeout, while a
 * TLS server answers plain HTTP at once (Go's with a 400), so HTTP first never costs a wait.
 */
final class RegistryHosts {
    private final Set<String> insecure;

    RegistryHosts(Set<String> insecure) {
        this.insecure = Set.copyOf(insecure);
    }

    /** The {@code host[:port]} the API is served on: Docker Hub's API is not on {@code docker.io}. */
    String apiHost(String registry) {
        return registry.equals(RemoteRef.DOCKER_HUB) ? RemoteRef.DOCKER_HUB_API : registry;
    }

    /** The base URIs to try at the first contact, in order. */
    List<URI> candidates(String registry) {
        URI https = URI.create("https://" + apiHost(registry) + "/");
        return allowsPlainHttp(registry) ? List.of(URI.create("http://" + apiHost(registry) + "/"), https) : List.of(https);
    }

    boolean allowsPlainHttp(String registry) {
        return insecure.contains(registry) || isLoopback(hostOf(registry));
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
            return false; // a name other than localhost would need DNS, and DNS may say anything
        }
        try {
            return InetAddress.getByName(host.replaceAll("[\\[\\]]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            return registry.substring(0, registry.indexOf(']') + 1);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }
}
