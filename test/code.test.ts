import { describe, expect, it } from "vitest";
import { commentText, docComment, jsonExpression, pascalCase, propertyKey, stringLiteral } from "../codegen/emit/code.js";

describe("emit/code: schema text becomes safe code", () => {
  it("string literals escape quotes, comment terminators and line separators", () => {
    const literal = stringLiteral('a"b*/c\u2028d\u2029e\\');
    expect(literal).toBe('"a\\"b*\\/c\\u2028d\\u2029e\\\\"');
    expect(eval(literal)).toBe('a"b*/c\u2028d\u2029e\\');
  });

  it("property keys are bare only when they are safe identifiers; __proto__ is always quoted", () => {
    expect(propertyKey("track_id")).toBe("track_id");
    expect(propertyKey("a-b")).toBe('"a-b"');
    expect(propertyKey("class")).toBe('"class"');
    expect(propertyKey("__proto__")).toBe('"__proto__"');
    expect(propertyKey("x*/y")).toBe('"x*\\/y"');
  });

  it("comments cannot be closed from inside", () => {
    expect(commentText("end */ here\u2028next\r\nlast")).toBe("end *\\/ here\nnext\nlast");
    // Lone surrogates and control characters are shown as their escapes, not written into the file.
    expect(commentText("a \ud800 b \udc00 c \u0000 d \u001b")).toBe("a \\ud800 b \\udc00 c \\u0000 d \\u001b");
    expect(commentText("🎵 stays")).toBe("🎵 stays");
    expect(docComment("line one\nline */ two")).toBe("/**\n * line one\n * line *\\/ two\n */\n");
  });

  it("JSON values with a __proto__ key stay own properties", () => {
    const expression = jsonExpression({ ["__proto__"]: { polluted: true } });
    const value = eval(expression) as object;
    expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(jsonExpression("x*/")).toBe('"x*\\/"');
    expect(jsonExpression(3)).toBe("3");
  });

  it("PascalCase names come from titles, file names and keys", () => {
    expect(pascalCase("analytics event")).toBe("AnalyticsEvent");
    expect(pascalCase("training-job")).toBe("TrainingJob");
    expect(pascalCase("AnalyticsEvent")).toBe("AnalyticsEvent");
    expect(pascalCase("0")).toBe("Schema0");
    expect(pascalCase("*/")).toBe("Schema");
  });
});
