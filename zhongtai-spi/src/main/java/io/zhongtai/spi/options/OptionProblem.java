package io.zhongtai.spi.options;

/** One thing wrong with one option; validation reports all of them at once. */
public record OptionProblem(String option, String message) {
    @Override
    public String toString() {
        return option + ": " + message;
    }
}
