package dev.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;

/** JSON as {@code docker inspect} prints it (Go's MarshalIndent with four spaces): {@code "Key": value}, {@code []}. */
final class PrettyJson {
    private PrettyJson() {}

    static String of(JsonNode node) {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return Json.MAPPER.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw BerthException.internal("cannot print JSON: " + e.getOriginalMessage(), e);
        }
    }
}
