package dev.berth.image;

/**
 * Hears how a pull or push goes, in the steps Docker reports; the API streams them as Docker's JSON progress
 * messages. Called from several threads at once, since layers move in parallel.
 */
public interface TransferListener {
    /** The manifest is known and blobs start to move; nothing was reported before. */
    void started(RemoteRef ref);

    /**
     * A step of one layer, named by {@code id} (the first 12 hex digits of its digest); {@code current} and
     * {@code total} are bytes, or 0 when the step has no byte count.
     */
    void layer(String id, Step step, long current, long total);

    /** The steps of a layer, with Docker's words for them. */
    enum Step {
        WAITING("Pulling fs layer"),
        DOWNLOADING("Downloading"),
        PULLED("Pull complete"),
        ALREADY_EXISTS("Already exists"),
        PREPARING("Preparing"),
        PUSHING("Pushing"),
        PUSHED("Pushed"),
        MOUNTED("Mounted from another repository"),
        LAYER_EXISTS("Layer already exists");

        private final String text;

        Step(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Hears nothing. */
    static TransferListener silent() {
        return new TransferListener() {
            @Override
            public void started(RemoteRef ref) {}

            @Override
            public void layer(String id, Step step, long current, long total) {}
        };
    }
}
