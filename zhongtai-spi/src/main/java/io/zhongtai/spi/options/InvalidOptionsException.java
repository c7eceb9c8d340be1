package io.zhongtai.spi.options;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when options fail validation; carries every problem found, not just the first. */
public class InvalidOptionsException extends IllegalArgumentException {
    private final String connector;
    private final List<OptionProblem> problems;

    public InvalidOptionsException(String connector, List<OptionProblem> problems) {
        super("Invalid options for connector '" + connector + "': "
                + problems.stream().map(OptionProblem::toString).collect(Collectors.joining("; ")));
        this.connector = connector;
        this.problems = List.copyOf(problems);
    }

    public String connector() {
        return connector;
    }

    public List<OptionProblem> problems() {
        return problems;
    }
}
