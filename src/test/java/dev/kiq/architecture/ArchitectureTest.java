package dev.kiq.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * kiq's layering as tests, in the style of JabRef's {@code CommonArchitectureTest}: one core that neither
 * JavaFX nor picocli reaches, two faces over it that do not know each other, no package cycles, and views
 * that talk only to their own view model.
 */
@AnalyzeClasses(packages = "dev.kiq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {"dev.kiq", "dev.kiq.catalog..", "dev.kiq.profile..", "dev.kiq.perf..",
        "dev.kiq.recommend..", "dev.kiq.manifest..", "dev.kiq.deploy..", "dev.kiq.bench..", "dev.kiq.settings..",
        "dev.kiq.corpus..", "dev.kiq.monitor.."};

    /** The entry point chooses a face (CLI or wizard), so it is the one class of the root package that sees both. */
    private static final String LAUNCHER = "dev.kiq.Launcher";

    @ArchTest
    static void coreDoesNotUseJavaFx(JavaClasses classes) {
        noClasses().that().resideInAnyPackage(CORE).and().doNotHaveFullyQualifiedName(LAUNCHER)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.fxmisc..",
                        "org.reactfx..", "atlantafx..", "org.jfree.chart.fx..")
                .check(classes);
    }

    @ArchTest
    static void coreDoesNotUsePicocli(JavaClasses classes) {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @ArchTest
    static void coreDoesNotKnowItsFaces(JavaClasses classes) {
        noClasses().that().resideInAnyPackage(CORE).and().doNotHaveFullyQualifiedName(LAUNCHER)
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiq.ui..", "dev.kiq.cli..")
                .check(classes);
    }

    @ArchTest
    static void uiDoesNotUseTheCli(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.kiq.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiq.cli..", "picocli..")
                .check(classes);
    }

    @ArchTest
    static void cliDoesNotUseTheUi(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.kiq.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiq.ui..")
                .check(classes);
    }

    @ArchTest
    static void noPackageCycles(JavaClasses classes) {
        slices().matching("dev.kiq.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * Data and the performance model sit below the recommendation engine, the manifests, deploy and bench
     * (the per-user folders of {@code settings} are below them all).
     */
    @ArchTest
    static void lowerLayersDoNotReachUp(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.kiq.catalog..", "dev.kiq.profile..", "dev.kiq.perf..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiq.recommend..", "dev.kiq.manifest..",
                        "dev.kiq.deploy..", "dev.kiq.bench..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.kiq.catalog..", "dev.kiq.profile..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiq.perf..")
                .check(classes);
    }

    /** A view binds to its view model and renders; the core, the services and the threads are the view model's. */
    @ArchTest
    static void viewsDoNotReachPastTheirViewModel(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.kiq.ui..").and().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiq.recommend..", "dev.kiq.deploy..",
                        "dev.kiq.manifest..", "dev.kiq.perf..", "dev.kiq.bench..", "dev.kiq.settings..",
                        "dev.kiq.ui.task..", "javafx.concurrent..")
                .orShould().dependOnClassesThat().haveSimpleName("Services")
                .orShould().dependOnClassesThat().haveSimpleName("WizardState")
                .check(classes);
    }

    @ArchTest
    static void viewsTalkOnlyToTheirOwnViewModel(JavaClasses classes) {
        classes().that().resideInAPackage("dev.kiq.ui..").and().haveSimpleNameEndingWith("View")
                .should(onlyUseViewModelsOfTheirPackage())
                .check(classes);
    }

    /** Work in the background goes through the task executor; a view model never touches the UI thread itself. */
    @ArchTest
    static void viewModelsDoNotManageThreads(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.kiq.ui..").and().haveSimpleNameEndingWith("ViewModel")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .orShould().dependOnClassesThat().resideInAPackage("javafx.concurrent..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.util.concurrent.Executor.class,
                        java.util.concurrent.ExecutorService.class, java.util.concurrent.CompletableFuture.class)
                .check(classes);
    }

    /** The wizard calls the core's recommender; a rule of its own in the UI would drift from the CLI's. */
    @ArchTest
    static void theUiDoesNotDetectKneesItself(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.kiq.ui..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.kiq.profile.KneeDetector")
                .check(classes);
    }

    private static ArchCondition<JavaClass> onlyUseViewModelsOfTheirPackage() {
        return new ArchCondition<>("only use view models of their own package") {
            @Override
            public void check(JavaClass view, ConditionEvents events) {
                for (Dependency d : view.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (target.getSimpleName().endsWith("ViewModel") && !target.getSimpleName().equals("StepViewModel")
                            && !target.getPackageName().equals(view.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(view, d.getDescription()));
                    }
                }
            }
        };
    }
}
