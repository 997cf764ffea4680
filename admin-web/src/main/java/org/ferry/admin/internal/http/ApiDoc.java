package org.ferry.admin.internal.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code /api/openapi.json} says about an operation beyond its JAX-RS annotations: a summary, the
 * success status, and the body type when the method returns a {@code Response} or a {@link Page}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiDoc {
    String summary();

    int status() default 200;

    /** The body's type, or {@code Void} for none / the method's own return type. */
    Class<?> returns() default Void.class;

    /** Whether the body is a {@link Page} of {@link #returns()}. */
    boolean list() default false;
}
