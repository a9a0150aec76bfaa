package camcloud.cloud.engines;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A test class whose tests all run once on SQLite and once on PostgreSQL; it takes the engine in a
 * {@code @Parameter TestDatabases.TestDatabase} field.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@ArgumentsSource(TestDatabases.class)
public @interface DatabaseTest {
}
