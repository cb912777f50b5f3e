package dev.berth.common;

/**
 * Credentials for one registry: a user name and password, or an identity token (an OAuth2 refresh token).
 * Empty strings mean "not given". {@link #toString} never shows a secret, so logging one cannot leak it.
 */
public record RegistryAuth(String username, String password, String identityToken) {
    public RegistryAuth {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        identityToken = identityToken == null ? "" : identityToken;
    }

    public static RegistryAuth anonymous() {
        return new RegistryAuth("", "", "");
    }

    public static RegistryAuth basic(String username, String password) {
        return new RegistryAuth(username, password, "");
    }

    public boolean isAnonymous() {
        return username.isEmpty() && password.isEmpty() && identityToken.isEmpty();
    }

    @Override
    public String toString() {
        return isAnonymous() ? "RegistryAuth[anonymous]" : "RegistryAuth[user=" + username + ", secret=***]";
    }
}
