package com.safehold.infrastructure;

import com.safehold.catalog.Catalog;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one {@link SafeholdStack} for {@link Catalog#safehold()}, checked by cdk-nag's AwsSolutions
 * pack. {@code cdk synth}/{@code cdk deploy} run it from {@code infrastructure/} (see cdk.json); the
 * function jars are resolved against the repository root found above the working directory.
 */
public final class SafeholdApp {

    public static final String STACK_ID = "SafeholdStack";

    private SafeholdApp() {}

    public static void main(String[] args) {
        App app = newApp(null);
        define(app, Catalog.safehold(), repositoryRoot(Path.of("").toAbsolutePath()));
        app.synth();
    }

    /**
     * An app with the feature flags Safehold relies on: {@code minimizePolicies} merges IAM statements that
     * differ only in resources, so a function role with a dozen table grants stays within the inline policy
     * size instead of spilling into overflow policies.
     *
     * @param outdir the cloud assembly directory, or null for the CDK CLI's default
     */
    public static App newApp(String outdir) {
        return App.Builder.create().outdir(outdir)
                .context(java.util.Map.of("@aws-cdk/aws-iam:minimizePolicies", true))
                .build();
    }

    /**
     * Adds the Safehold stack for {@code catalog} to {@code app}, with the cdk-nag checks that must pass.
     * The tests call this too, so they check exactly what {@link #main} deploys.
     */
    public static SafeholdStack define(App app, Catalog catalog, Path repoRoot) {
        SafeholdStack stack = new SafeholdStack(app, STACK_ID, StackProps.builder()
                .description("Safehold: escrow-backed bookings (generated from the catalog)")
                .build(), catalog, repoRoot);
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }

    /** The nearest directory at or above {@code start} that holds both functions/ and infrastructure/. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("infrastructure"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Safehold repository (functions/ and infrastructure/) at or above " + start);
    }
}
