package org.ferry.transforms.internal.text;

import org.ferry.api.transform.Transform;
import org.osgi.service.component.annotations.Component;

/** {@code {"transformType": "LowerCase"}}: text in small letters; other values pass unchanged. */
@Component(service = Transform.class, property = Transform.TYPE + "=" + LowerCaseTransform.TYPE)
public final class LowerCaseTransform extends LetterCase {
    static final String TYPE = "LowerCase";

    public LowerCaseTransform() {
        super(TYPE, "Lower case", "Writes text in small letters.", String::toLowerCase);
    }
}
