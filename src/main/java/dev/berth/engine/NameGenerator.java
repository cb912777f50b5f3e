package dev.berth.engine;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Docker-style random names, {@code adjective_surname}, for containers created without --name. */
final class NameGenerator {
    private static final List<String> ADJECTIVES = List.of("admiring", "brave", "calm", "clever", "dazzling", "eager",
            "focused", "gallant", "happy", "jolly", "keen", "lucid", "modest", "nifty", "optimistic", "pensive", "quirky",
            "relaxed", "serene", "trusting", "upbeat", "vibrant", "wizardly", "youthful", "zealous");
    private static final List<String> NAMES = List.of("babbage", "curie", "dijkstra", "euler", "fermat", "gauss",
            "hopper", "kepler", "lamport", "lovelace", "mccarthy", "noether", "pascal", "ritchie", "shannon", "thompson",
            "turing", "wozniak", "liskov", "hamilton", "knuth", "torvalds", "goldberg", "bardeen", "cerf");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NameGenerator() {}

    static String generate(Predicate<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NAMES.get(RANDOM.nextInt(NAMES.size()));
            if (attempt > 5) {
                name += RANDOM.nextInt(10_000);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
