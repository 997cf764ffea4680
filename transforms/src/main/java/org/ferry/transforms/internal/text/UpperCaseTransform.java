package org.ferry.transforms.internal.text;

import org.ferry.api.transform.Transform;
import org.osgi.service.component.annotations.Component;

/** {@code {"transformType": "UpperCase"}}: text in capitals; other values pass unchanged. */
@Component(service = Transform.class, property = Transform.TYPE + "=" + UpperCaseTransform.TYPE)
public final class UpperCaseTransform extends LetterCase {
    static final String TYPE = "UpperCase";

    public UpperCaseTransform() {
        super(TYPE, "Upper case", "Writes text in capital letters.", String::toUpperCase);
    }
}
