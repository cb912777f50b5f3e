package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Dockerfile.Stage;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.common.BerthException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which stages a build runs: the target (the last stage by default) and, transitively, the earlier stages it
 * uses in FROM or {@code COPY --from}; the others are skipped, as BuildKit skips them.
 */
final class StagePlan {
    private StagePlan() {}

    static List<Stage> needed(Dockerfile dockerfile, Optional<String> target) {
        List<Stage> stages = dockerfile.stages();
        int targetIndex = target.map(t -> stages.stream().filter(s -> s.name().filter(t::equalsIgnoreCase).isPresent())
                        .findFirst().orElseThrow(() -> BerthException.invalid("failed to reach build target " + t
                                + " in " + dockerfile.file() + ": no stage is named " + t)).index())
                .orElse(stages.size() - 1);
        Set<Integer> needed = new TreeSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(targetIndex));
        while (!todo.isEmpty()) {
            int index = todo.pop();
            if (!needed.add(index)) {
                continue;
            }
            Stage stage = stages.get(index);
            reference(stages, index, stage.from().image()).ifPresent(todo::push);
            for (Instruction i : stage.instructions()) {
                if (i instanceof Instruction.Copy copy && copy.from().isPresent()) {
                    String from = copy.from().get();
                    if (from.contains("$")) {
                        for (int j = 0; j < index; j++) {
                            todo.push(j); // known only while building: keep every stage it could name
                        }
                    } else {
                        reference(stages, index, from).ifPresent(todo::push);
                    }
                }
            }
        }
        return stages.stream().filter(s -> needed.contains(s.index())).toList();
    }

    /** The index of the earlier stage {@code ref} names (by name, or by index for COPY --from). */
    private static Optional<Integer> reference(List<Stage> stages, int before, String ref) {
        for (Stage s : stages.subList(0, before)) {
            if (s.name().filter(ref::equalsIgnoreCase).isPresent() || ref.equals(Integer.toString(s.index()))) {
                return Optional.of(s.index());
            }
        }
        return Optional.empty();
    }
}
