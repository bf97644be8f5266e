package dev.switchboard.engine.export;

/** Code of the target language written as it is (a Terraform reference, a Bicep symbol), never quoted. */
record Expression(String code) {
}
