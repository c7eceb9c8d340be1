package io.zhongtai.core.config;

import io.zhongtai.core.ZhongtaiException;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code zhongtai.yaml} is invalid. Carries every problem found, so one run shows them all.
 * Each problem reads {@code zhongtai.yaml[:line:column]: path.to.key: what is wrong}.
 */
public final class ConfigException extends ZhongtaiException {
    private final List<String> problems;

    public ConfigException(Path file, List<String> problems) {
        super(Kind.INVALID_INPUT, "Cannot load configuration " + file + ", " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:")
                + "\n  " + String.join("\n  ", problems), null, null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
