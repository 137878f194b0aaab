// The single formatting pass over generated declarations: Babel parses the .d.ts text (json-schema-to-typescript's
// declarations among our own), and this prints it back with prettier's layout for the shapes we emit: two-space
// indent, semicolons, a union that does not fit in 120 columns one member a line, comments re-indented. On 148
// SchemaStore schemas prettier took 2.5 s of CPU and 70-140 MB of peak memory; this printer, Babel included, 0.4 s.
// A node type or a comment in a place this printer does not know is an internal error, never dropped.

import { parse } from "@babel/parser";

const WIDTH = 120;
const INDENT = "  ";

const KEYWORDS = new Map(
  Object.entries({
    TSStringKeyword: "string", TSNumberKeyword: "number", TSBooleanKeyword: "boolean", TSNullKeyword: "null", TSUnknownKeyword: "unknown", TSAnyKeyword: "any",
    TSNeverKeyword: "never", TSUndefinedKeyword: "undefined", TSObjectKeyword: "object", TSBigIntKeyword: "bigint", TSSymbolKeyword: "symbol", TSVoidKeyword: "void",
  }),
);

// Babel's nodes, read loosely: each printer below checks the type it handles.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = { type: string; start: number; end: number; [field: string]: any };
type Comment = { type: "CommentBlock" | "CommentLine"; value: string; start: number; end: number };

export function formatDeclarations(source: string): string {
  const file = parse(source, { sourceType: "module", plugins: [["typescript", { dts: true }]], attachComment: false });
  const printer = new DeclarationPrinter(source, file.comments as Comment[]);
  const text = printer.statements(file.program.body as Node[], "", 0, source.length);
  printer.checkEveryCommentPrinted();
  return text + "\n";
}

class DeclarationPrinter {
  /** Positions in `comments` of those printed: a layout tried and dropped may print a comment twice. */
  private readonly printed = new Set<number>();

  constructor(
    private readonly source: string,
    private readonly comments: Comment[],
  ) {}

  checkEveryCommentPrinted(): void {
    if (this.printed.size !== this.comments.length) {
      const missed = this.comments.find((_, at) => !this.printed.has(at))!;
      throw new Error(`internal: the declaration printer has no place for the comment on line ${this.lineOf(missed.start)} of the declarations`);
    }
  }

  /** Statements or members with the comments before each, blank lines kept where the source had one. */
  statements(nodes: Node[], indent: string, from: number, to: number, member?: (node: Node, indent: string) => string): string {
    const lines: string[] = [];
    let after = from;
    const place = (until: number) => {
      const before = this.commentsBetween(after, until);
      for (const comment of before) {
        if (lines.length > 0 && this.blankLineBetween(after, comment.start)) lines.push("");
        lines.push(this.comment(comment, indent));
        after = comment.end;
      }
    };
    for (const node of nodes) {
      place(node.start);
      if (lines.length > 0 && this.blankLineBetween(after, node.start)) lines.push("");
      lines.push(indent + (member ? member(node, indent) : this.statement(node, indent, indent.length)));
      after = node.end;
    }
    place(to);
    return lines.join("\n");
  }

  /** The position in `comments` (sorted by start) of the first comment that starts at `offset` or later. */
  private firstCommentFrom(offset: number): number {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.comments[middle]!.start < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private commentsBetween(from: number, to: number): Comment[] {
    const found: Comment[] = [];
    for (let at = this.firstCommentFrom(from); at < this.comments.length && this.comments[at]!.end <= to; at++) {
      found.push(this.comments[at]!);
      this.printed.add(at);
    }
    return found;
  }

  private blankLineBetween(from: number, to: number): boolean {
    return /\n[ \t]*\r?\n/.test(this.source.slice(from, to));
  }

  /** A JSDoc-style block (every line after the first starts with `*`) is re-indented; anything else is kept. */
  private comment(comment: Comment, indent: string): string {
    if (comment.type === "CommentLine") return `${indent}//${comment.value.trimEnd()}`;
    const lines = `*${comment.value}*`.split("\n");
    if (lines.length > 1 && lines.every((line) => line.trimStart().startsWith("*"))) {
      const reindented = lines.map((line, at) => (at === 0 ? line.trimEnd() : ` ${at < lines.length - 1 ? line.trim() : line.trimStart()}`));
      return `${indent}/${reindented.join(`\n${indent}`)}/`;
    }
    return `${indent}/*${comment.value}*/`;
  }

  /** A statement whose text starts at `column` (after `export `, say). */
  private statement(node: Node, indent: string, column: number): string {
    switch (node.type) {
      case "ImportDeclaration":
        return this.importDeclaration(node, indent);
      case "ExportNamedDeclaration":
        if (!node.declaration || node.specifiers.length > 0 || node.source) return this.unknown(node);
        return `export ${this.statement(node.declaration, indent, column + 7)}`;
      case "TSInterfaceDeclaration": {
        const heritage = (node.extends ?? []).map((base: Node) => this.flat(base.expression) + this.typeArguments(base.typeParameters, indent, 0));
        const head = `${node.declare ? "declare " : ""}interface ${node.id.name}${this.typeParameters(node.typeParameters)}${heritage.length > 0 ? ` extends ${heritage.join(", ")}` : ""} `;
        return head + this.members(node.body, node.body.body, indent);
      }
      case "TSTypeAliasDeclaration": {
        const head = `${node.declare ? "declare " : ""}type ${node.id.name}${this.typeParameters(node.typeParameters)} =`;
        return head + this.annotation(node.typeAnnotation, indent, column + head.length, ";") + ";";
      }
      case "VariableDeclaration": {
        if (node.declarations.length !== 1 || node.declarations[0].init) return this.unknown(node);
        const declarator = node.declarations[0];
        const head = `${node.declare ? "declare " : ""}${node.kind} ${declarator.id.name}:`;
        return head + this.annotation(declarator.id.typeAnnotation.typeAnnotation, indent, column + head.length, ";", false) + ";";
      }
      case "TSDeclareFunction": {
        const head = `${node.declare ? "declare " : ""}function ${node.id.name}${this.typeParameters(node.typeParameters)}`;
        return `${head}${this.signature(node.params, node.returnType, indent, column + head.length)};`;
      }
      default:
        return this.unknown(node);
    }
  }

  private importDeclaration(node: Node, indent: string): string {
    const kind = node.importKind === "type" ? "type " : "";
    const from = ` from ${quoted(node.source.extra.raw)};`;
    const specifiers: Node[] = node.specifiers;
    if (specifiers.length === 1 && specifiers[0]!.type === "ImportNamespaceSpecifier") return `import ${kind}* as ${specifiers[0]!.local.name}${from}`;
    if (!specifiers.every((specifier) => specifier.type === "ImportSpecifier")) return this.unknown(node);
    const names = specifiers.map((specifier) => (specifier.imported.name === specifier.local.name ? specifier.local.name : `${specifier.imported.name} as ${specifier.local.name}`));
    const flat = `import ${kind}{ ${names.join(", ")} }${from}`;
    if (indent.length + flat.length <= WIDTH) return flat;
    return `import ${kind}{\n${names.map((name) => `${indent}${INDENT}${name},`).join("\n")}\n${indent}}${from}`;
  }

  /** `(a: A, b: B): R`, the parameters one a line when the whole does not fit. */
  private signature(params: Node[], returnType: Node | undefined, indent: string, column: number): string {
    const ret = returnType ? `: ${this.flat(returnType.typeAnnotation)}` : "";
    const flat = `(${params.map((param) => this.parameter(param)).join(", ")})${ret}`;
    if (column + flat.length + 1 <= WIDTH || params.length === 0) return flat;
    return `(\n${params.map((param) => `${indent}${INDENT}${this.parameter(param)},`).join("\n")}\n${indent})${ret}`;
  }

  private parameter(node: Node): string {
    if (node.type !== "Identifier") return this.unknown(node);
    return `${node.name}${node.optional ? "?" : ""}${node.typeAnnotation ? `: ${this.flat(node.typeAnnotation.typeAnnotation)}` : ""}`;
  }

  private typeParameters(node: Node | undefined): string {
    if (!node) return "";
    return `<${node.params.map((param: Node) => `${param.name}${param.constraint ? ` extends ${this.flat(param.constraint)}` : ""}${param.default ? ` = ${this.flat(param.default)}` : ""}`).join(", ")}>`;
  }

  private typeArguments(node: Node | undefined, indent: string, column: number): string {
    if (!node) return "";
    return `<${node.params.map((param: Node) => this.type(param, indent, column)).join(", ")}>`;
  }

  /**
   * The type after `name:` or `name =`, from `column`, with what follows it on the line (`tail`). As prettier lays
   * it out: on the same line if it fits (or its first line does, for an object type); else on the next line,
   * indented, a union one member a line when it does not fit there either. `breakAfter`: whether the type may go to
   * the next line at all (a variable's type stays beside its name, and breaks inside).
   */
  private annotation(node: Node, indent: string, column: number, tail: string, breakAfter = true): string {
    const type = unwrap(node);
    const flat = this.flatOrUndefined(type);
    if (flat !== undefined && column + 1 + flat.length + tail.length <= WIDTH) return ` ${flat}`;
    if (!breakAfter) return ` ${this.type(type, indent, column + 1 + tail.length)}`;
    const next = indent + INDENT;
    const union = type.type === "TSUnionType";
    if (union && huggedUnion(type)) return ` ${this.huggedUnion(type, indent, column + 1)}`;
    if (!union) {
      const printed = this.type(type, indent, column + 1);
      if (column + 1 + printed.split("\n", 1)[0]!.length + (printed.includes("\n") ? 0 : tail.length) <= WIDTH) return ` ${printed}`;
    }
    if (flat !== undefined && next.length + flat.length + tail.length <= WIDTH) return `\n${next}${flat}`;
    // `A &\n  B &\n  C`: a long intersection of one-line types, a member a line.
    if (flat !== undefined && type.type === "TSIntersectionType") return ` ${operands(type).map((member) => this.flatOrUndefined(member, true)).join(` &\n${next}`)}`;
    return union ? this.brokenUnion(type, next) : `\n${next}${this.type(type, next, next.length)}`;
  }

  /** `{ … } | null`: one object type and nulls keep to the line, as prettier prints them. */
  private huggedUnion(node: Node, indent: string, column: number): string {
    return operands(node)
      .map((member) => this.type(member, indent, column, true))
      .join(" | ");
  }

  /** `\n  | A\n  | B`: each member on a line of its own at `indent`, after `| `. */
  private brokenUnion(node: Node, indent: string): string {
    return operands(node)
      .map((member) => `\n${indent}| ${this.type(member, indent + INDENT, indent.length + 2, true)}`)
      .join("");
  }

  /** A type printed from `column` at `indent`; multi-line where an object type or a long union must be. */
  private type(node: Node, indent: string, column: number, tight = false): string {
    const type = unwrap(node);
    const flat = this.flatOrUndefined(type, tight);
    if (flat !== undefined && (column + flat.length <= WIDTH || !canBreak(type))) return flat;
    switch (type.type) {
      case "TSTypeLiteral":
        return this.members(type, type.members, indent);
      case "TSUnionType":
        if (!huggedUnion(type)) return `(${this.brokenUnion(type, indent + INDENT)}\n${indent})`;
        return tight ? `(${this.huggedUnion(type, indent, column + 1)})` : this.huggedUnion(type, indent, column);
      case "TSArrayType":
        return this.type(type.elementType, indent, column, true) + "[]";
      case "TSIntersectionType": {
        const joined = operands(type)
          .map((member) => this.type(member, indent, column, true))
          .join(" & ");
        return tight ? `(${joined})` : joined;
      }
      case "TSTupleType": {
        const elements = type.elementTypes.map((element: Node) => `${indent}${INDENT}${this.tupleElement(element, indent + INDENT)},`);
        return `[\n${elements.join("\n")}\n${indent}]`;
      }
      case "TSTypeReference": {
        if (!type.typeParameters) return this.flat(type.typeName);
        const inner = indent + INDENT;
        const args = type.typeParameters.params.map((param: Node) => inner + this.type(param, inner, inner.length));
        return `${this.flat(type.typeName)}<\n${args.join(",\n")}\n${indent}>`;
      }
      default:
        return this.unknown(type);
    }
  }

  private tupleElement(node: Node, indent: string): string {
    const { before, inner, after, tight } = tupleElement(node);
    return `${before}${this.type(inner, indent, indent.length + before.length, tight)}${after}`;
  }

  /** `{` members `}`: one a line, or `{}`. */
  private members(container: Node, members: Node[], indent: string): string {
    if (members.length === 0 && !this.hasCommentInside(container)) return "{}";
    const inner = indent + INDENT;
    return `{\n${this.statements(members, inner, container.start + 1, container.end - 1, (member) => this.member(member, inner) + ";")}\n${indent}}`;
  }

  private hasCommentInside(node: Node): boolean {
    const first = this.comments[this.firstCommentFrom(node.start)];
    return first !== undefined && first.end < node.end;
  }

  private member(node: Node, indent: string): string {
    const head = this.memberHead(node);
    return head + this.annotation(node.typeAnnotation.typeAnnotation, indent, indent.length + head.length, ";");
  }

  /** `readonly name?:` or `[k: string]:`, what comes before a member's type. */
  private memberHead(node: Node): string {
    const readonly = node.readonly ? "readonly " : "";
    if (node.type === "TSPropertySignature") return `${readonly}${this.key(node)}${node.optional ? "?" : ""}:`;
    if (node.type !== "TSIndexSignature") return this.unknown(node);
    const [parameter] = node.parameters as Node[];
    return `${readonly}[${parameter!.name}: ${this.flat(parameter!.typeAnnotation.typeAnnotation)}]:`;
  }

  private key(node: Node): string {
    const key = node.key;
    if (node.computed) return this.unknown(node);
    if (key.type === "Identifier") return key.name;
    if (key.type === "StringLiteral") return quoted(key.extra.raw);
    if (key.type === "NumericLiteral") return key.extra.raw;
    return this.unknown(key);
  }

  private flat(node: Node): string {
    const flat = this.flatOrUndefined(node);
    if (flat === undefined) throw new Error(`internal: a multi-line ${node.type} where the declaration printer prints one line (line ${this.lineOf(node.start)} of the declarations)`);
    return flat;
  }

  /**
   * The type on one line, or undefined when it must take several: an object type written over several lines, or a
   * comment inside. `tight`: where a union or an intersection needs parentheses (an array's element, a member of
   * another union or intersection).
   */
  private flatOrUndefined(node: Node, tight = false): string | undefined {
    const type = unwrap(node);
    const keyword = KEYWORDS.get(type.type);
    if (keyword) return keyword;
    switch (type.type) {
      case "TSLiteralType":
        if (type.literal.type === "StringLiteral") return quoted(type.literal.extra.raw);
        return type.literal.type === "UnaryExpression" ? `${type.literal.operator}${type.literal.argument.extra.raw}` : (type.literal.extra?.raw ?? String(type.literal.value));
      case "Identifier":
        return type.name;
      case "TSQualifiedName":
        return `${this.flat(type.left)}.${type.right.name}`;
      case "TSTypeReference": {
        const name = this.flat(type.typeName);
        if (!type.typeParameters) return name;
        const args = type.typeParameters.params.map((param: Node) => this.flatOrUndefined(param));
        return args.includes(undefined) ? undefined : `${name}<${args.join(", ")}>`;
      }
      case "TSArrayType": {
        const element = this.flatOrUndefined(type.elementType, true);
        return element === undefined ? undefined : `${element}[]`;
      }
      case "TSUnionType":
      case "TSIntersectionType": {
        const union = type.type === "TSUnionType";
        const parts = operands(type).map((member) => this.flatOrUndefined(member, true));
        if (parts.includes(undefined)) return undefined;
        const joined = parts.join(union ? " | " : " & ");
        return tight ? `(${joined})` : joined;
      }
      case "TSTupleType": {
        const elements = type.elementTypes.map((element: Node) => {
          const { before, inner, after, tight: innerTight } = tupleElement(element);
          const printed = this.flatOrUndefined(inner, innerTight);
          return printed === undefined ? undefined : `${before}${printed}${after}`;
        });
        return elements.includes(undefined) ? undefined : `[${elements.join(", ")}]`;
      }
      case "TSTypeLiteral": {
        if (type.members.length === 0) return !this.hasCommentInside(type) ? "{}" : undefined;
        // Written over several lines (json-schema-to-typescript's objects), it stays so, as prettier keeps it.
        if (this.hasCommentInside(type) || this.source.slice(type.start, type.members[0].start).includes("\n")) return undefined;
        const members = type.members.map((member: Node) => this.flatMember(member));
        return members.includes(undefined) ? undefined : `{ ${members.join("; ")} }`;
      }
      case "TSTypeOperator": {
        const operand = this.flatOrUndefined(type.typeAnnotation, true);
        return operand === undefined ? undefined : `${type.operator} ${operand}`;
      }
      case "TSIndexedAccessType": {
        const object = this.flatOrUndefined(type.objectType, true);
        const index = this.flatOrUndefined(type.indexType);
        return object === undefined || index === undefined ? undefined : `${object}[${index}]`;
      }
      case "TSTypePredicate": {
        const subject = `${type.asserts ? "asserts " : ""}${this.flat(type.parameterName)}`;
        if (!type.typeAnnotation) return subject;
        const predicate = this.flatOrUndefined(type.typeAnnotation.typeAnnotation);
        return predicate === undefined ? undefined : `${subject} is ${predicate}`;
      }
      default:
        return this.unknown(type);
    }
  }

  private flatMember(node: Node): string | undefined {
    const head = this.memberHead(node);
    const type = this.flatOrUndefined(node.typeAnnotation.typeAnnotation);
    return type === undefined ? undefined : `${head} ${type}`;
  }

  private lineOf(offset: number): number {
    return this.source.slice(0, offset).split("\n").length;
  }

  private unknown(node: Node): never {
    throw new Error(`internal: the declaration printer has no layout for a ${node.type} (line ${this.lineOf(node.start)} of the declarations)`);
  }
}

/**
 * A string literal in the quotes that need fewer escapes, double on a tie, as prettier prints it: a quote of the other
 * kind loses its backslash, one of the enclosing kind gains one, every other escape stays.
 */
function quoted(raw: string): string {
  const content = raw.slice(1, -1);
  const quote = (content.match(/"/g) ?? []).length > (content.match(/'/g) ?? []).length ? "'" : '"';
  const other = quote === '"' ? "'" : '"';
  const escaped = content.replace(/\\(.)|(["'])/gs, (match: string, escapedCharacter: string | undefined, bare: string | undefined) => {
    if (escapedCharacter === other) return other;
    if (bare === quote) return `\\${bare}`;
    return bare ?? match;
  });
  return `${quote}${escaped}${quote}`;
}

/** A tuple element as its type and what goes around it: `...T` for the rest, `T?` for an optional one. */
function tupleElement(node: Node): { before: string; inner: Node; after: string; tight: boolean } {
  if (node.type === "TSRestType") return { before: "...", inner: node.typeAnnotation, after: "", tight: true };
  if (node.type === "TSOptionalType") return { before: "", inner: node.typeAnnotation, after: "?", tight: true };
  return { before: "", inner: node, after: "", tight: false };
}

/** A type without the parentheses the source had; the printer puts back those the precedence needs. */
function unwrap(node: Node): Node {
  let type = node;
  while (type.type === "TSParenthesizedType") type = type.typeAnnotation;
  return type;
}

/** The members of a union or an intersection; a nested one stays a member, in parentheses (as prettier keeps it). */
function operands(node: Node): Node[] {
  return (node.types as Node[]).map(unwrap);
}

/** A union of one object type and nulls or voids, which prettier keeps beside its name (`{ … } | null`). */
function huggedUnion(node: Node): boolean {
  const members = operands(node);
  const voids = members.filter((member) => member.type === "TSNullKeyword" || member.type === "TSVoidKeyword").length;
  return members.length - 1 === voids && members.some((member) => member.type === "TSTypeLiteral");
}

/** A keyword or a name without type arguments. */
function isSimple(node: Node): boolean {
  const type = unwrap(node);
  return KEYWORDS.has(type.type) || (type.type === "TSTypeReference" && !type.typeParameters);
}

/** Whether a type has a multi-line layout to take when its line is too long. */
function canBreak(node: Node): boolean {
  // Prettier keeps one simple type argument (`Validator<Name>`) beside its type, however long the line.
  if (node.type === "TSTypeReference") return node.typeParameters ? node.typeParameters.params.length > 1 || !isSimple(node.typeParameters.params[0]) : false;
  return ["TSTypeLiteral", "TSUnionType", "TSArrayType", "TSIntersectionType", "TSTupleType"].includes(node.type);
}
