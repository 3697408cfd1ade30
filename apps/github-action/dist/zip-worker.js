import { createRequire as __xltvCreateRequire } from 'node:module';
const require = __xltvCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// ../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xml/1.0/ed5.js
var require_ed5 = __commonJS({
  "../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xml/1.0/ed5.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "	\n\r -\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR2 = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR2, TAB];
    function isChar(c) {
      return c >= SPACE && c <= 55295 || c === NL || c === CR2 || c === TAB || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar;
    function isS(c) {
      return c === SPACE || c === NL || c === CR2 || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// ../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xml/1.1/ed2.js
var require_ed2 = __commonJS({
  "../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xml/1.1/ed2.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.RESTRICTED_CHAR = "-\b\v\f-\x7F-\x84\x86-\x9F";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.RESTRICTED_CHAR_RE = new RegExp("^[" + exports.RESTRICTED_CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR2 = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR2, TAB];
    function isChar(c) {
      return c >= 1 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar;
    function isRestrictedChar(c) {
      return c >= 1 && c <= 8 || c === 11 || c === 12 || c >= 14 && c <= 31 || c >= 127 && c <= 132 || c >= 134 && c <= 159;
    }
    exports.isRestrictedChar = isRestrictedChar;
    function isCharAndNotRestricted(c) {
      return c === 9 || c === 10 || c === 13 || c > 31 && c < 127 || c === 133 || c > 159 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isCharAndNotRestricted = isCharAndNotRestricted;
    function isS(c) {
      return c === SPACE || c === NL || c === CR2 || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// ../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xmlns/1.0/ed3.js
var require_ed3 = __commonJS({
  "../../node_modules/.pnpm/xmlchars@2.2.0/node_modules/xmlchars/xmlns/1.0/ed3.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NC_NAME_START_CHAR = "A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NC_NAME_CHAR = "-" + exports.NC_NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.NC_NAME_START_CHAR_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "]$", "u");
    exports.NC_NAME_CHAR_RE = new RegExp("^[" + exports.NC_NAME_CHAR + "]$", "u");
    exports.NC_NAME_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "][" + exports.NC_NAME_CHAR + "]*$", "u");
    function isNCNameStartChar(c) {
      return c >= 65 && c <= 90 || c === 95 || c >= 97 && c <= 122 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8204 && c <= 8205 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNCNameStartChar = isNCNameStartChar;
    function isNCNameChar(c) {
      return isNCNameStartChar(c) || (c === 45 || c === 46 || c >= 48 && c <= 57 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256);
    }
    exports.isNCNameChar = isNCNameChar;
  }
});

// ../../node_modules/.pnpm/saxes@6.0.0/node_modules/saxes/saxes.js
var require_saxes = __commonJS({
  "../../node_modules/.pnpm/saxes@6.0.0/node_modules/saxes/saxes.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SaxesParser = exports.EVENTS = void 0;
    var ed5 = require_ed5();
    var ed2 = require_ed2();
    var NSed3 = require_ed3();
    var isS = ed5.isS;
    var isChar10 = ed5.isChar;
    var isNameStartChar = ed5.isNameStartChar;
    var isNameChar = ed5.isNameChar;
    var S_LIST = ed5.S_LIST;
    var NAME_RE = ed5.NAME_RE;
    var isChar11 = ed2.isChar;
    var isNCNameStartChar = NSed3.isNCNameStartChar;
    var isNCNameChar = NSed3.isNCNameChar;
    var NC_NAME_RE = NSed3.NC_NAME_RE;
    var XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    var XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
    var rootNS = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      xml: XML_NAMESPACE,
      xmlns: XMLNS_NAMESPACE
    };
    var XML_ENTITIES = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      amp: "&",
      gt: ">",
      lt: "<",
      quot: '"',
      apos: "'"
    };
    var EOC = -1;
    var NL_LIKE = -2;
    var S_BEGIN = 0;
    var S_BEGIN_WHITESPACE = 1;
    var S_DOCTYPE = 2;
    var S_DOCTYPE_QUOTE = 3;
    var S_DTD = 4;
    var S_DTD_QUOTED = 5;
    var S_DTD_OPEN_WAKA = 6;
    var S_DTD_OPEN_WAKA_BANG = 7;
    var S_DTD_COMMENT = 8;
    var S_DTD_COMMENT_ENDING = 9;
    var S_DTD_COMMENT_ENDED = 10;
    var S_DTD_PI = 11;
    var S_DTD_PI_ENDING = 12;
    var S_TEXT = 13;
    var S_ENTITY = 14;
    var S_OPEN_WAKA = 15;
    var S_OPEN_WAKA_BANG = 16;
    var S_COMMENT = 17;
    var S_COMMENT_ENDING = 18;
    var S_COMMENT_ENDED = 19;
    var S_CDATA = 20;
    var S_CDATA_ENDING = 21;
    var S_CDATA_ENDING_2 = 22;
    var S_PI_FIRST_CHAR = 23;
    var S_PI_REST = 24;
    var S_PI_BODY = 25;
    var S_PI_ENDING = 26;
    var S_XML_DECL_NAME_START = 27;
    var S_XML_DECL_NAME = 28;
    var S_XML_DECL_EQ = 29;
    var S_XML_DECL_VALUE_START = 30;
    var S_XML_DECL_VALUE = 31;
    var S_XML_DECL_SEPARATOR = 32;
    var S_XML_DECL_ENDING = 33;
    var S_OPEN_TAG = 34;
    var S_OPEN_TAG_SLASH = 35;
    var S_ATTRIB = 36;
    var S_ATTRIB_NAME = 37;
    var S_ATTRIB_NAME_SAW_WHITE = 38;
    var S_ATTRIB_VALUE = 39;
    var S_ATTRIB_VALUE_QUOTED = 40;
    var S_ATTRIB_VALUE_CLOSED = 41;
    var S_ATTRIB_VALUE_UNQUOTED = 42;
    var S_CLOSE_TAG = 43;
    var S_CLOSE_TAG_SAW_WHITE = 44;
    var TAB = 9;
    var NL = 10;
    var CR2 = 13;
    var SPACE = 32;
    var BANG = 33;
    var DQUOTE = 34;
    var AMP = 38;
    var SQUOTE = 39;
    var MINUS = 45;
    var FORWARD_SLASH = 47;
    var SEMICOLON = 59;
    var LESS = 60;
    var EQUAL = 61;
    var GREATER = 62;
    var QUESTION = 63;
    var OPEN_BRACKET = 91;
    var CLOSE_BRACKET = 93;
    var NEL = 133;
    var LS = 8232;
    var isQuote = (c) => c === DQUOTE || c === SQUOTE;
    var QUOTES = [DQUOTE, SQUOTE];
    var DOCTYPE_TERMINATOR = [...QUOTES, OPEN_BRACKET, GREATER];
    var DTD_TERMINATOR = [...QUOTES, LESS, CLOSE_BRACKET];
    var XML_DECL_NAME_TERMINATOR = [EQUAL, QUESTION, ...S_LIST];
    var ATTRIB_VALUE_UNQUOTED_TERMINATOR = [...S_LIST, GREATER, AMP, LESS];
    function nsPairCheck(parser, prefix, uri) {
      switch (prefix) {
        case "xml":
          if (uri !== XML_NAMESPACE) {
            parser.fail(`xml prefix must be bound to ${XML_NAMESPACE}.`);
          }
          break;
        case "xmlns":
          if (uri !== XMLNS_NAMESPACE) {
            parser.fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
          }
          break;
        default:
      }
      switch (uri) {
        case XMLNS_NAMESPACE:
          parser.fail(prefix === "" ? `the default namespace may not be set to ${uri}.` : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`);
          break;
        case XML_NAMESPACE:
          switch (prefix) {
            case "xml":
              break;
            case "":
              parser.fail(`the default namespace may not be set to ${uri}.`);
              break;
            default:
              parser.fail("may not assign the xml namespace to another prefix.");
          }
          break;
        default:
      }
    }
    function nsMappingCheck(parser, mapping) {
      for (const local of Object.keys(mapping)) {
        nsPairCheck(parser, local, mapping[local]);
      }
    }
    var isNCName = (name) => NC_NAME_RE.test(name);
    var isName = (name) => NAME_RE.test(name);
    var FORBIDDEN_START = 0;
    var FORBIDDEN_BRACKET = 1;
    var FORBIDDEN_BRACKET_BRACKET = 2;
    exports.EVENTS = [
      "xmldecl",
      "text",
      "processinginstruction",
      "doctype",
      "comment",
      "opentagstart",
      "attribute",
      "opentag",
      "closetag",
      "cdata",
      "error",
      "end",
      "ready"
    ];
    var EVENT_NAME_TO_HANDLER_NAME = {
      xmldecl: "xmldeclHandler",
      text: "textHandler",
      processinginstruction: "piHandler",
      doctype: "doctypeHandler",
      comment: "commentHandler",
      opentagstart: "openTagStartHandler",
      attribute: "attributeHandler",
      opentag: "openTagHandler",
      closetag: "closeTagHandler",
      cdata: "cdataHandler",
      error: "errorHandler",
      end: "endHandler",
      ready: "readyHandler"
    };
    var SaxesParser2 = class {
      /**
       * @param opt The parser options.
       */
      constructor(opt) {
        this.opt = opt !== null && opt !== void 0 ? opt : {};
        this.fragmentOpt = !!this.opt.fragment;
        const xmlnsOpt = this.xmlnsOpt = !!this.opt.xmlns;
        this.trackPosition = this.opt.position !== false;
        this.fileName = this.opt.fileName;
        if (xmlnsOpt) {
          this.nameStartCheck = isNCNameStartChar;
          this.nameCheck = isNCNameChar;
          this.isName = isNCName;
          this.processAttribs = this.processAttribsNS;
          this.pushAttrib = this.pushAttribNS;
          this.ns = Object.assign({ __proto__: null }, rootNS);
          const additional = this.opt.additionalNamespaces;
          if (additional != null) {
            nsMappingCheck(this, additional);
            Object.assign(this.ns, additional);
          }
        } else {
          this.nameStartCheck = isNameStartChar;
          this.nameCheck = isNameChar;
          this.isName = isName;
          this.processAttribs = this.processAttribsPlain;
          this.pushAttrib = this.pushAttribPlain;
        }
        this.stateTable = [
          /* eslint-disable @typescript-eslint/unbound-method */
          this.sBegin,
          this.sBeginWhitespace,
          this.sDoctype,
          this.sDoctypeQuote,
          this.sDTD,
          this.sDTDQuoted,
          this.sDTDOpenWaka,
          this.sDTDOpenWakaBang,
          this.sDTDComment,
          this.sDTDCommentEnding,
          this.sDTDCommentEnded,
          this.sDTDPI,
          this.sDTDPIEnding,
          this.sText,
          this.sEntity,
          this.sOpenWaka,
          this.sOpenWakaBang,
          this.sComment,
          this.sCommentEnding,
          this.sCommentEnded,
          this.sCData,
          this.sCDataEnding,
          this.sCDataEnding2,
          this.sPIFirstChar,
          this.sPIRest,
          this.sPIBody,
          this.sPIEnding,
          this.sXMLDeclNameStart,
          this.sXMLDeclName,
          this.sXMLDeclEq,
          this.sXMLDeclValueStart,
          this.sXMLDeclValue,
          this.sXMLDeclSeparator,
          this.sXMLDeclEnding,
          this.sOpenTag,
          this.sOpenTagSlash,
          this.sAttrib,
          this.sAttribName,
          this.sAttribNameSawWhite,
          this.sAttribValue,
          this.sAttribValueQuoted,
          this.sAttribValueClosed,
          this.sAttribValueUnquoted,
          this.sCloseTag,
          this.sCloseTagSawWhite
          /* eslint-enable @typescript-eslint/unbound-method */
        ];
        this._init();
      }
      /**
       * Indicates whether or not the parser is closed. If ``true``, wait for
       * the ``ready`` event to write again.
       */
      get closed() {
        return this._closed;
      }
      _init() {
        var _a;
        this.openWakaBang = "";
        this.text = "";
        this.name = "";
        this.piTarget = "";
        this.entity = "";
        this.q = null;
        this.tags = [];
        this.tag = null;
        this.topNS = null;
        this.chunk = "";
        this.chunkPosition = 0;
        this.i = 0;
        this.prevI = 0;
        this.carriedFromPrevious = void 0;
        this.forbiddenState = FORBIDDEN_START;
        this.attribList = [];
        const { fragmentOpt } = this;
        this.state = fragmentOpt ? S_TEXT : S_BEGIN;
        this.reportedTextBeforeRoot = this.reportedTextAfterRoot = this.closedRoot = this.sawRoot = fragmentOpt;
        this.xmlDeclPossible = !fragmentOpt;
        this.xmlDeclExpects = ["version"];
        this.entityReturnState = void 0;
        let { defaultXMLVersion } = this.opt;
        if (defaultXMLVersion === void 0) {
          if (this.opt.forceXMLVersion === true) {
            throw new Error("forceXMLVersion set but defaultXMLVersion is not set");
          }
          defaultXMLVersion = "1.0";
        }
        this.setXMLVersion(defaultXMLVersion);
        this.positionAtNewLine = 0;
        this.doctype = false;
        this._closed = false;
        this.xmlDecl = {
          version: void 0,
          encoding: void 0,
          standalone: void 0
        };
        this.line = 1;
        this.column = 0;
        this.ENTITIES = Object.create(XML_ENTITIES);
        (_a = this.readyHandler) === null || _a === void 0 ? void 0 : _a.call(this);
      }
      /**
       * The stream position the parser is currently looking at. This field is
       * zero-based.
       *
       * This field is not based on counting Unicode characters but is to be
       * interpreted as a plain index into a JavaScript string.
       */
      get position() {
        return this.chunkPosition + this.i;
      }
      /**
       * The column number of the next character to be read by the parser.  *
       * This field is zero-based. (The first column in a line is 0.)
       *
       * This field reports the index at which the next character would be in the
       * line if the line were represented as a JavaScript string.  Note that this
       * *can* be different to a count based on the number of *Unicode characters*
       * due to how JavaScript handles astral plane characters.
       *
       * See [[column]] for a number that corresponds to a count of Unicode
       * characters.
       */
      get columnIndex() {
        return this.position - this.positionAtNewLine;
      }
      /**
       * Set an event listener on an event. The parser supports one handler per
       * event type. If you try to set an event handler over an existing handler,
       * the old handler is silently overwritten.
       *
       * @param name The event to listen to.
       *
       * @param handler The handler to set.
       */
      on(name, handler) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = handler;
      }
      /**
       * Unset an event handler.
       *
       * @parma name The event to stop listening to.
       */
      off(name) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = void 0;
      }
      /**
       * Make an error object. The error object will have a message that contains
       * the ``fileName`` option passed at the creation of the parser. If position
       * tracking was turned on, it will also have line and column number
       * information.
       *
       * @param message The message describing the error to report.
       *
       * @returns An error object with a properly formatted message.
       */
      makeError(message) {
        var _a;
        let msg = (_a = this.fileName) !== null && _a !== void 0 ? _a : "";
        if (this.trackPosition) {
          if (msg.length > 0) {
            msg += ":";
          }
          msg += `${this.line}:${this.column}`;
        }
        if (msg.length > 0) {
          msg += ": ";
        }
        return new Error(msg + message);
      }
      /**
       * Report a parsing error. This method is made public so that client code may
       * check for issues that are outside the scope of this project and can report
       * errors.
       *
       * @param message The error to report.
       *
       * @returns this
       */
      fail(message) {
        const err = this.makeError(message);
        const handler = this.errorHandler;
        if (handler === void 0) {
          throw err;
        } else {
          handler(err);
        }
        return this;
      }
      /**
       * Write a XML data to the parser.
       *
       * @param chunk The XML data to write.
       *
       * @returns this
       */
      // We do need object for the type here. Yes, it often causes problems
      // but not in this case.
      write(chunk) {
        if (this.closed) {
          return this.fail("cannot write after close; assign an onready handler.");
        }
        let end = false;
        if (chunk === null) {
          end = true;
          chunk = "";
        } else if (typeof chunk === "object") {
          chunk = chunk.toString();
        }
        if (this.carriedFromPrevious !== void 0) {
          chunk = `${this.carriedFromPrevious}${chunk}`;
          this.carriedFromPrevious = void 0;
        }
        let limit = chunk.length;
        const lastCode = chunk.charCodeAt(limit - 1);
        if (!end && // A trailing CR or surrogate must be carried over to the next
        // chunk.
        (lastCode === CR2 || lastCode >= 55296 && lastCode <= 56319)) {
          this.carriedFromPrevious = chunk[limit - 1];
          limit--;
          chunk = chunk.slice(0, limit);
        }
        const { stateTable } = this;
        this.chunk = chunk;
        this.i = 0;
        while (this.i < limit) {
          stateTable[this.state].call(this);
        }
        this.chunkPosition += limit;
        return end ? this.end() : this;
      }
      /**
       * Close the current stream. Perform final well-formedness checks and reset
       * the parser tstate.
       *
       * @returns this
       */
      close() {
        return this.write(null);
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.0.
       *
       * @returns The character read.
       */
      getCode10() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code >= SPACE || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR2:
              if (chunk.charCodeAt(i + 1) === NL) {
                this.i = i + 2;
              }
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.1.
       *
       * @returns {number} The character read.
       */
      getCode11() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code > 31 && code < 127 || code > 159 && code !== LS || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR2: {
              const next = chunk.charCodeAt(i + 1);
              if (next === NL || next === NEL) {
                this.i = i + 2;
              }
            }
            /* yes, fall through */
            case NEL:
            // 0x85
            case LS:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Like ``getCode`` but with the return value normalized so that ``NL`` is
       * returned for ``NL_LIKE``.
       */
      getCodeNorm() {
        const c = this.getCode();
        return c === NL_LIKE ? NL : c;
      }
      unget() {
        this.i = this.prevI;
        this.column--;
      }
      /**
       * Capture characters into a buffer until encountering one of a set of
       * characters.
       *
       * @param chars An array of codepoints. Encountering a character in the array
       * ends the capture. (``chars`` may safely contain ``NL``.)
       *
       * @return The character code that made the capture end, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureTo(chars) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          const c = this.getCode();
          const isNLLike = c === NL_LIKE;
          const final = isNLLike ? NL : c;
          if (final === EOC || chars.includes(final)) {
            this.text += chunk.slice(start, this.prevI);
            return final;
          }
          if (isNLLike) {
            this.text += `${chunk.slice(start, this.prevI)}
`;
            start = this.i;
          }
        }
      }
      /**
       * Capture characters into a buffer until encountering a character.
       *
       * @param char The codepoint that ends the capture. **NOTE ``char`` MAY NOT
       * CONTAIN ``NL``.** Passing ``NL`` will result in buggy behavior.
       *
       * @return ``true`` if we ran into the character. Otherwise, we ran into the
       * end of the current chunk.
       */
      captureToChar(char) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          let c = this.getCode();
          switch (c) {
            case NL_LIKE:
              this.text += `${chunk.slice(start, this.prevI)}
`;
              start = this.i;
              c = NL;
              break;
            case EOC:
              this.text += chunk.slice(start);
              return false;
            default:
          }
          if (c === char) {
            this.text += chunk.slice(start, this.prevI);
            return true;
          }
        }
      }
      /**
       * Capture characters that satisfy ``isNameChar`` into the ``name`` field of
       * this parser.
       *
       * @return The character code that made the test fail, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureNameChars() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCode();
          if (c === EOC) {
            this.name += chunk.slice(start);
            return EOC;
          }
          if (!isNameChar(c)) {
            this.name += chunk.slice(start, this.prevI);
            return c === NL_LIKE ? NL : c;
          }
        }
      }
      /**
       * Skip white spaces.
       *
       * @return The character that ended the skip, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      skipSpaces() {
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC || !isS(c)) {
            return c;
          }
        }
      }
      setXMLVersion(version) {
        this.currentXMLVersion = version;
        if (version === "1.0") {
          this.isChar = isChar10;
          this.getCode = this.getCode10;
        } else {
          this.isChar = isChar11;
          this.getCode = this.getCode11;
        }
      }
      // STATE ENGINE METHODS
      // This needs to be a state separate from S_BEGIN_WHITESPACE because we want
      // to be sure never to come back to this state later.
      sBegin() {
        if (this.chunk.charCodeAt(0) === 65279) {
          this.i++;
          this.column++;
        }
        this.state = S_BEGIN_WHITESPACE;
      }
      sBeginWhitespace() {
        const iBefore = this.i;
        const c = this.skipSpaces();
        if (this.prevI !== iBefore) {
          this.xmlDeclPossible = false;
        }
        switch (c) {
          case LESS:
            this.state = S_OPEN_WAKA;
            if (this.text.length !== 0) {
              throw new Error("no-empty text at start");
            }
            break;
          case EOC:
            break;
          default:
            this.unget();
            this.state = S_TEXT;
            this.xmlDeclPossible = false;
        }
      }
      sDoctype() {
        var _a;
        const c = this.captureTo(DOCTYPE_TERMINATOR);
        switch (c) {
          case GREATER: {
            (_a = this.doctypeHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            this.doctype = true;
            break;
          }
          case EOC:
            break;
          default:
            this.text += String.fromCodePoint(c);
            if (c === OPEN_BRACKET) {
              this.state = S_DTD;
            } else if (isQuote(c)) {
              this.state = S_DOCTYPE_QUOTE;
              this.q = c;
            }
        }
      }
      sDoctypeQuote() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.q = null;
          this.state = S_DOCTYPE;
        }
      }
      sDTD() {
        const c = this.captureTo(DTD_TERMINATOR);
        if (c === EOC) {
          return;
        }
        this.text += String.fromCodePoint(c);
        if (c === CLOSE_BRACKET) {
          this.state = S_DOCTYPE;
        } else if (c === LESS) {
          this.state = S_DTD_OPEN_WAKA;
        } else if (isQuote(c)) {
          this.state = S_DTD_QUOTED;
          this.q = c;
        }
      }
      sDTDQuoted() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.state = S_DTD;
          this.q = null;
        }
      }
      sDTDOpenWaka() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        switch (c) {
          case BANG:
            this.state = S_DTD_OPEN_WAKA_BANG;
            this.openWakaBang = "";
            break;
          case QUESTION:
            this.state = S_DTD_PI;
            break;
          default:
            this.state = S_DTD;
        }
      }
      sDTDOpenWakaBang() {
        const char = String.fromCodePoint(this.getCodeNorm());
        const owb = this.openWakaBang += char;
        this.text += char;
        if (owb !== "-") {
          this.state = owb === "--" ? S_DTD_COMMENT : S_DTD;
          this.openWakaBang = "";
        }
      }
      sDTDComment() {
        if (this.captureToChar(MINUS)) {
          this.text += "-";
          this.state = S_DTD_COMMENT_ENDING;
        }
      }
      sDTDCommentEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        this.state = c === MINUS ? S_DTD_COMMENT_ENDED : S_DTD_COMMENT;
      }
      sDTDCommentEnded() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        } else {
          this.fail("malformed comment.");
          this.state = S_DTD_COMMENT;
        }
      }
      sDTDPI() {
        if (this.captureToChar(QUESTION)) {
          this.text += "?";
          this.state = S_DTD_PI_ENDING;
        }
      }
      sDTDPIEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        }
      }
      sText() {
        if (this.tags.length !== 0) {
          this.handleTextInRoot();
        } else {
          this.handleTextOutsideRoot();
        }
      }
      sEntity() {
        let { i: start } = this;
        const { chunk } = this;
        loop:
          while (true) {
            switch (this.getCode()) {
              case NL_LIKE:
                this.entity += `${chunk.slice(start, this.prevI)}
`;
                start = this.i;
                break;
              case SEMICOLON: {
                const { entityReturnState } = this;
                const entity = this.entity + chunk.slice(start, this.prevI);
                this.state = entityReturnState;
                let parsed;
                if (entity === "") {
                  this.fail("empty entity name.");
                  parsed = "&;";
                } else {
                  parsed = this.parseEntity(entity);
                  this.entity = "";
                }
                if (entityReturnState !== S_TEXT || this.textHandler !== void 0) {
                  this.text += parsed;
                }
                break loop;
              }
              case EOC:
                this.entity += chunk.slice(start);
                break loop;
              default:
            }
          }
      }
      sOpenWaka() {
        const c = this.getCode();
        if (isNameStartChar(c)) {
          this.state = S_OPEN_TAG;
          this.unget();
          this.xmlDeclPossible = false;
        } else {
          switch (c) {
            case FORWARD_SLASH:
              this.state = S_CLOSE_TAG;
              this.xmlDeclPossible = false;
              break;
            case BANG:
              this.state = S_OPEN_WAKA_BANG;
              this.openWakaBang = "";
              this.xmlDeclPossible = false;
              break;
            case QUESTION:
              this.state = S_PI_FIRST_CHAR;
              break;
            default:
              this.fail("disallowed character in tag name");
              this.state = S_TEXT;
              this.xmlDeclPossible = false;
          }
        }
      }
      sOpenWakaBang() {
        this.openWakaBang += String.fromCodePoint(this.getCodeNorm());
        switch (this.openWakaBang) {
          case "[CDATA[":
            if (!this.sawRoot && !this.reportedTextBeforeRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextBeforeRoot = true;
            }
            if (this.closedRoot && !this.reportedTextAfterRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextAfterRoot = true;
            }
            this.state = S_CDATA;
            this.openWakaBang = "";
            break;
          case "--":
            this.state = S_COMMENT;
            this.openWakaBang = "";
            break;
          case "DOCTYPE":
            this.state = S_DOCTYPE;
            if (this.doctype || this.sawRoot) {
              this.fail("inappropriately located doctype declaration.");
            }
            this.openWakaBang = "";
            break;
          default:
            if (this.openWakaBang.length >= 7) {
              this.fail("incorrect syntax.");
            }
        }
      }
      sComment() {
        if (this.captureToChar(MINUS)) {
          this.state = S_COMMENT_ENDING;
        }
      }
      sCommentEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === MINUS) {
          this.state = S_COMMENT_ENDED;
          (_a = this.commentHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
          this.text = "";
        } else {
          this.text += `-${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        }
      }
      sCommentEnded() {
        const c = this.getCodeNorm();
        if (c !== GREATER) {
          this.fail("malformed comment.");
          this.text += `--${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        } else {
          this.state = S_TEXT;
        }
      }
      sCData() {
        if (this.captureToChar(CLOSE_BRACKET)) {
          this.state = S_CDATA_ENDING;
        }
      }
      sCDataEnding() {
        const c = this.getCodeNorm();
        if (c === CLOSE_BRACKET) {
          this.state = S_CDATA_ENDING_2;
        } else {
          this.text += `]${String.fromCodePoint(c)}`;
          this.state = S_CDATA;
        }
      }
      sCDataEnding2() {
        var _a;
        const c = this.getCodeNorm();
        switch (c) {
          case GREATER: {
            (_a = this.cdataHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            break;
          }
          case CLOSE_BRACKET:
            this.text += "]";
            break;
          default:
            this.text += `]]${String.fromCodePoint(c)}`;
            this.state = S_CDATA;
        }
      }
      // We need this separate state to check the first character fo the pi target
      // with this.nameStartCheck which allows less characters than this.nameCheck.
      sPIFirstChar() {
        const c = this.getCodeNorm();
        if (this.nameStartCheck(c)) {
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        } else if (c === QUESTION || isS(c)) {
          this.fail("processing instruction without a target.");
          this.state = c === QUESTION ? S_PI_ENDING : S_PI_BODY;
        } else {
          this.fail("disallowed character in processing instruction name.");
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        }
      }
      sPIRest() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC) {
            this.piTarget += chunk.slice(start);
            return;
          }
          if (!this.nameCheck(c)) {
            this.piTarget += chunk.slice(start, this.prevI);
            const isQuestion = c === QUESTION;
            if (isQuestion || isS(c)) {
              if (this.piTarget === "xml") {
                if (!this.xmlDeclPossible) {
                  this.fail("an XML declaration must be at the start of the document.");
                }
                this.state = isQuestion ? S_XML_DECL_ENDING : S_XML_DECL_NAME_START;
              } else {
                this.state = isQuestion ? S_PI_ENDING : S_PI_BODY;
              }
            } else {
              this.fail("disallowed character in processing instruction name.");
              this.piTarget += String.fromCodePoint(c);
            }
            break;
          }
        }
      }
      sPIBody() {
        if (this.text.length === 0) {
          const c = this.getCodeNorm();
          if (c === QUESTION) {
            this.state = S_PI_ENDING;
          } else if (!isS(c)) {
            this.text = String.fromCodePoint(c);
          }
        } else if (this.captureToChar(QUESTION)) {
          this.state = S_PI_ENDING;
        }
      }
      sPIEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          const { piTarget } = this;
          if (piTarget.toLowerCase() === "xml") {
            this.fail("the XML declaration must appear at the start of the document.");
          }
          (_a = this.piHandler) === null || _a === void 0 ? void 0 : _a.call(this, {
            target: piTarget,
            body: this.text
          });
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else if (c === QUESTION) {
          this.text += "?";
        } else {
          this.text += `?${String.fromCodePoint(c)}`;
          this.state = S_PI_BODY;
        }
        this.xmlDeclPossible = false;
      }
      sXMLDeclNameStart() {
        const c = this.skipSpaces();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (c !== EOC) {
          this.state = S_XML_DECL_NAME;
          this.name = String.fromCodePoint(c);
        }
      }
      sXMLDeclName() {
        const c = this.captureTo(XML_DECL_NAME_TERMINATOR);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.name += this.text;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (!(isS(c) || c === EQUAL)) {
          return;
        }
        this.name += this.text;
        this.text = "";
        if (!this.xmlDeclExpects.includes(this.name)) {
          switch (this.name.length) {
            case 0:
              this.fail("did not expect any more name/value pairs.");
              break;
            case 1:
              this.fail(`expected the name ${this.xmlDeclExpects[0]}.`);
              break;
            default:
              this.fail(`expected one of ${this.xmlDeclExpects.join(", ")}`);
          }
        }
        this.state = c === EQUAL ? S_XML_DECL_VALUE_START : S_XML_DECL_EQ;
      }
      sXMLDeclEq() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (c !== EQUAL) {
          this.fail("value required.");
        }
        this.state = S_XML_DECL_VALUE_START;
      }
      sXMLDeclValueStart() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (!isQuote(c)) {
          this.fail("value must be quoted.");
          this.q = SPACE;
        } else {
          this.q = c;
        }
        this.state = S_XML_DECL_VALUE;
      }
      sXMLDeclValue() {
        const c = this.captureTo([this.q, QUESTION]);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (c === EOC) {
          return;
        }
        const value = this.text;
        this.text = "";
        switch (this.name) {
          case "version": {
            this.xmlDeclExpects = ["encoding", "standalone"];
            const version = value;
            this.xmlDecl.version = version;
            if (!/^1\.[0-9]+$/.test(version)) {
              this.fail("version number must match /^1\\.[0-9]+$/.");
            } else if (!this.opt.forceXMLVersion) {
              this.setXMLVersion(version);
            }
            break;
          }
          case "encoding":
            if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
              this.fail("encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/.");
            }
            this.xmlDeclExpects = ["standalone"];
            this.xmlDecl.encoding = value;
            break;
          case "standalone":
            if (value !== "yes" && value !== "no") {
              this.fail('standalone value must match "yes" or "no".');
            }
            this.xmlDeclExpects = [];
            this.xmlDecl.standalone = value;
            break;
          default:
        }
        this.name = "";
        this.state = S_XML_DECL_SEPARATOR;
      }
      sXMLDeclSeparator() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (!isS(c)) {
          this.fail("whitespace required.");
          this.unget();
        }
        this.state = S_XML_DECL_NAME_START;
      }
      sXMLDeclEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          if (this.piTarget !== "xml") {
            this.fail("processing instructions are not allowed before root.");
          } else if (this.name !== "version" && this.xmlDeclExpects.includes("version")) {
            this.fail("XML declaration must contain a version.");
          }
          (_a = this.xmldeclHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.xmlDecl);
          this.name = "";
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else {
          this.fail("The character ? is disallowed anywhere in XML declarations.");
        }
        this.xmlDeclPossible = false;
      }
      sOpenTag() {
        var _a;
        const c = this.captureNameChars();
        if (c === EOC) {
          return;
        }
        const tag = this.tag = {
          name: this.name,
          attributes: /* @__PURE__ */ Object.create(null)
        };
        this.name = "";
        if (this.xmlnsOpt) {
          this.topNS = tag.ns = /* @__PURE__ */ Object.create(null);
        }
        (_a = this.openTagStartHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        this.sawRoot = true;
        if (!this.fragmentOpt && this.closedRoot) {
          this.fail("documents may contain only one root.");
        }
        switch (c) {
          case GREATER:
            this.openTag();
            break;
          case FORWARD_SLASH:
            this.state = S_OPEN_TAG_SLASH;
            break;
          default:
            if (!isS(c)) {
              this.fail("disallowed character in tag name.");
            }
            this.state = S_ATTRIB;
        }
      }
      sOpenTagSlash() {
        if (this.getCode() === GREATER) {
          this.openSelfClosingTag();
        } else {
          this.fail("forward-slash in opening tag not followed by >.");
          this.state = S_ATTRIB;
        }
      }
      sAttrib() {
        const c = this.skipSpaces();
        if (c === EOC) {
          return;
        }
        if (isNameStartChar(c)) {
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribName() {
        const c = this.captureNameChars();
        if (c === EQUAL) {
          this.state = S_ATTRIB_VALUE;
        } else if (isS(c)) {
          this.state = S_ATTRIB_NAME_SAW_WHITE;
        } else if (c === GREATER) {
          this.fail("attribute without value.");
          this.pushAttrib(this.name, this.name);
          this.name = this.text = "";
          this.openTag();
        } else if (c !== EOC) {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribNameSawWhite() {
        const c = this.skipSpaces();
        switch (c) {
          case EOC:
            return;
          case EQUAL:
            this.state = S_ATTRIB_VALUE;
            break;
          default:
            this.fail("attribute without value.");
            this.text = "";
            this.name = "";
            if (c === GREATER) {
              this.openTag();
            } else if (isNameStartChar(c)) {
              this.unget();
              this.state = S_ATTRIB_NAME;
            } else {
              this.fail("disallowed character in attribute name.");
              this.state = S_ATTRIB;
            }
        }
      }
      sAttribValue() {
        const c = this.getCodeNorm();
        if (isQuote(c)) {
          this.q = c;
          this.state = S_ATTRIB_VALUE_QUOTED;
        } else if (!isS(c)) {
          this.fail("unquoted attribute value.");
          this.state = S_ATTRIB_VALUE_UNQUOTED;
          this.unget();
        }
      }
      sAttribValueQuoted() {
        const { q, chunk } = this;
        let { i: start } = this;
        while (true) {
          switch (this.getCode()) {
            case q:
              this.pushAttrib(this.name, this.text + chunk.slice(start, this.prevI));
              this.name = this.text = "";
              this.q = null;
              this.state = S_ATTRIB_VALUE_CLOSED;
              return;
            case AMP:
              this.text += chunk.slice(start, this.prevI);
              this.state = S_ENTITY;
              this.entityReturnState = S_ATTRIB_VALUE_QUOTED;
              return;
            case NL:
            case NL_LIKE:
            case TAB:
              this.text += `${chunk.slice(start, this.prevI)} `;
              start = this.i;
              break;
            case LESS:
              this.text += chunk.slice(start, this.prevI);
              this.fail("disallowed character.");
              return;
            case EOC:
              this.text += chunk.slice(start);
              return;
            default:
          }
        }
      }
      sAttribValueClosed() {
        const c = this.getCodeNorm();
        if (isS(c)) {
          this.state = S_ATTRIB;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else if (isNameStartChar(c)) {
          this.fail("no whitespace between attributes.");
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribValueUnquoted() {
        const c = this.captureTo(ATTRIB_VALUE_UNQUOTED_TERMINATOR);
        switch (c) {
          case AMP:
            this.state = S_ENTITY;
            this.entityReturnState = S_ATTRIB_VALUE_UNQUOTED;
            break;
          case LESS:
            this.fail("disallowed character.");
            break;
          case EOC:
            break;
          default:
            if (this.text.includes("]]>")) {
              this.fail('the string "]]>" is disallowed in char data.');
            }
            this.pushAttrib(this.name, this.text);
            this.name = this.text = "";
            if (c === GREATER) {
              this.openTag();
            } else {
              this.state = S_ATTRIB;
            }
        }
      }
      sCloseTag() {
        const c = this.captureNameChars();
        if (c === GREATER) {
          this.closeTag();
        } else if (isS(c)) {
          this.state = S_CLOSE_TAG_SAW_WHITE;
        } else if (c !== EOC) {
          this.fail("disallowed character in closing tag.");
        }
      }
      sCloseTagSawWhite() {
        switch (this.skipSpaces()) {
          case GREATER:
            this.closeTag();
            break;
          case EOC:
            break;
          default:
            this.fail("disallowed character in closing tag.");
        }
      }
      // END OF STATE ENGINE METHODS
      handleTextInRoot() {
        let { i: start, forbiddenState } = this;
        const { chunk, textHandler: handler } = this;
        scanLoop:
          while (true) {
            switch (this.getCode()) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              case CLOSE_BRACKET:
                switch (forbiddenState) {
                  case FORBIDDEN_START:
                    forbiddenState = FORBIDDEN_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET:
                    forbiddenState = FORBIDDEN_BRACKET_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET_BRACKET:
                    break;
                  default:
                    throw new Error("impossible state");
                }
                break;
              case GREATER:
                if (forbiddenState === FORBIDDEN_BRACKET_BRACKET) {
                  this.fail('the string "]]>" is disallowed in char data.');
                }
                forbiddenState = FORBIDDEN_START;
                break;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                forbiddenState = FORBIDDEN_START;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break scanLoop;
              default:
                forbiddenState = FORBIDDEN_START;
            }
          }
        this.forbiddenState = forbiddenState;
      }
      handleTextOutsideRoot() {
        let { i: start } = this;
        const { chunk, textHandler: handler } = this;
        let nonSpace = false;
        outRootLoop:
          while (true) {
            const code = this.getCode();
            switch (code) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                break outRootLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                nonSpace = true;
                break outRootLoop;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break outRootLoop;
              default:
                if (!isS(code)) {
                  nonSpace = true;
                }
            }
          }
        if (!nonSpace) {
          return;
        }
        if (!this.sawRoot && !this.reportedTextBeforeRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextBeforeRoot = true;
        }
        if (this.closedRoot && !this.reportedTextAfterRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextAfterRoot = true;
        }
      }
      pushAttribNS(name, value) {
        var _a;
        const { prefix, local } = this.qname(name);
        const attr = { name, prefix, local, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
        if (prefix === "xmlns") {
          const trimmed = value.trim();
          if (this.currentXMLVersion === "1.0" && trimmed === "") {
            this.fail("invalid attempt to undefine prefix in XML 1.0");
          }
          this.topNS[local] = trimmed;
          nsPairCheck(this, local, trimmed);
        } else if (name === "xmlns") {
          const trimmed = value.trim();
          this.topNS[""] = trimmed;
          nsPairCheck(this, "", trimmed);
        }
      }
      pushAttribPlain(name, value) {
        var _a;
        const attr = { name, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
      }
      /**
       * End parsing. This performs final well-formedness checks and resets the
       * parser to a clean state.
       *
       * @returns this
       */
      end() {
        var _a, _b;
        if (!this.sawRoot) {
          this.fail("document must contain a root element.");
        }
        const { tags } = this;
        while (tags.length > 0) {
          const tag = tags.pop();
          this.fail(`unclosed tag: ${tag.name}`);
        }
        if (this.state !== S_BEGIN && this.state !== S_TEXT) {
          this.fail("unexpected end.");
        }
        const { text } = this;
        if (text.length !== 0) {
          (_a = this.textHandler) === null || _a === void 0 ? void 0 : _a.call(this, text);
          this.text = "";
        }
        this._closed = true;
        (_b = this.endHandler) === null || _b === void 0 ? void 0 : _b.call(this);
        this._init();
        return this;
      }
      /**
       * Resolve a namespace prefix.
       *
       * @param prefix The prefix to resolve.
       *
       * @returns The namespace URI or ``undefined`` if the prefix is not defined.
       */
      resolve(prefix) {
        var _a, _b;
        let uri = this.topNS[prefix];
        if (uri !== void 0) {
          return uri;
        }
        const { tags } = this;
        for (let index = tags.length - 1; index >= 0; index--) {
          uri = tags[index].ns[prefix];
          if (uri !== void 0) {
            return uri;
          }
        }
        uri = this.ns[prefix];
        if (uri !== void 0) {
          return uri;
        }
        return (_b = (_a = this.opt).resolvePrefix) === null || _b === void 0 ? void 0 : _b.call(_a, prefix);
      }
      /**
       * Parse a qname into its prefix and local name parts.
       *
       * @param name The name to parse
       *
       * @returns
       */
      qname(name) {
        const colon = name.indexOf(":");
        if (colon === -1) {
          return { prefix: "", local: name };
        }
        const local = name.slice(colon + 1);
        const prefix = name.slice(0, colon);
        if (prefix === "" || local === "" || local.includes(":")) {
          this.fail(`malformed name: ${name}.`);
        }
        return { prefix, local };
      }
      processAttribsNS() {
        var _a;
        const { attribList } = this;
        const tag = this.tag;
        {
          const { prefix, local } = this.qname(tag.name);
          tag.prefix = prefix;
          tag.local = local;
          const uri = tag.uri = (_a = this.resolve(prefix)) !== null && _a !== void 0 ? _a : "";
          if (prefix !== "") {
            if (prefix === "xmlns") {
              this.fail('tags may not have "xmlns" as prefix.');
            }
            if (uri === "") {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              tag.uri = prefix;
            }
          }
        }
        if (attribList.length === 0) {
          return;
        }
        const { attributes } = tag;
        const seen = /* @__PURE__ */ new Set();
        for (const attr of attribList) {
          const { name, prefix, local } = attr;
          let uri;
          let eqname;
          if (prefix === "") {
            uri = name === "xmlns" ? XMLNS_NAMESPACE : "";
            eqname = name;
          } else {
            uri = this.resolve(prefix);
            if (uri === void 0) {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              uri = prefix;
            }
            eqname = `{${uri}}${local}`;
          }
          if (seen.has(eqname)) {
            this.fail(`duplicate attribute: ${eqname}.`);
          }
          seen.add(eqname);
          attr.uri = uri;
          attributes[name] = attr;
        }
        this.attribList = [];
      }
      processAttribsPlain() {
        const { attribList } = this;
        const attributes = this.tag.attributes;
        for (const { name, value } of attribList) {
          if (attributes[name] !== void 0) {
            this.fail(`duplicate attribute: ${name}.`);
          }
          attributes[name] = value;
        }
        this.attribList = [];
      }
      /**
       * Handle a complete open tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onopentag``.
       */
      openTag() {
        var _a;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = false;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        tags.push(tag);
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete self-closing tag. This parser code calls this once it has
       * seen the whole tag. This method checks for well-formeness and then emits
       * ``onopentag`` and ``onclosetag``.
       */
      openSelfClosingTag() {
        var _a, _b, _c;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = true;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        (_b = this.closeTagHandler) === null || _b === void 0 ? void 0 : _b.call(this, tag);
        const top = this.tag = (_c = tags[tags.length - 1]) !== null && _c !== void 0 ? _c : null;
        if (top === null) {
          this.closedRoot = true;
        }
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete close tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onclosetag``.
       */
      closeTag() {
        const { tags, name } = this;
        this.state = S_TEXT;
        this.name = "";
        if (name === "") {
          this.fail("weird empty close tag.");
          this.text += "</>";
          return;
        }
        const handler = this.closeTagHandler;
        let l = tags.length;
        while (l-- > 0) {
          const tag = this.tag = tags.pop();
          this.topNS = tag.ns;
          handler === null || handler === void 0 ? void 0 : handler(tag);
          if (tag.name === name) {
            break;
          }
          this.fail("unexpected close tag.");
        }
        if (l === 0) {
          this.closedRoot = true;
        } else if (l < 0) {
          this.fail(`unmatched closing tag: ${name}.`);
          this.text += `</${name}>`;
        }
      }
      /**
       * Resolves an entity. Makes any necessary well-formedness checks.
       *
       * @param entity The entity to resolve.
       *
       * @returns The parsed entity.
       */
      parseEntity(entity) {
        if (entity[0] !== "#") {
          const defined = this.ENTITIES[entity];
          if (defined !== void 0) {
            return defined;
          }
          this.fail(this.isName(entity) ? "undefined entity." : "disallowed character in entity name.");
          return `&${entity};`;
        }
        let num = NaN;
        if (entity[1] === "x" && /^#x[0-9a-f]+$/i.test(entity)) {
          num = parseInt(entity.slice(2), 16);
        } else if (/^#[0-9]+$/.test(entity)) {
          num = parseInt(entity.slice(1), 10);
        }
        if (!this.isChar(num)) {
          this.fail("malformed character entity.");
          return `&${entity};`;
        }
        return String.fromCodePoint(num);
      }
    };
    exports.SaxesParser = SaxesParser2;
  }
});

// ../../packages/core/src/zip/deflate-worker.ts
function deflateWorkerMain(inspection) {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  const fs = process.getBuiltinModule("node:fs");
  const zlib = process.getBuiltinModule("node:zlib");
  let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  const OUTPUT_CHUNK_BYTES = 1024;
  const inspections = /* @__PURE__ */ new Map();
  const failed = (reason, message, actualSize) => actualSize === void 0 ? { reason, message } : { reason, message, actualSize };
  const readPart = (part, path) => {
    let fd;
    try {
      fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = error.code ?? "EIO";
      return code === "ENOENT" ? failed("vanished", "no such file") : failed(code, String(error));
    }
    try {
      const stats = fs.fstatSync(fd);
      if (!stats.isFile()) return failed("not a regular file", "not a regular file");
      if (stats.size !== part.fileSize) return failed("size", "size changed", stats.size);
      const want = part.length + (part.last ? 1 : 0);
      if (readBuffer.length < want) readBuffer = Buffer.allocUnsafeSlow(want);
      let length = 0;
      while (length < want) {
        const bytesRead = fs.readSync(fd, readBuffer, length, want - length, part.offset + length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > part.length) return failed("grew", "file grew", part.offset + length);
      if (length < part.length) return failed("shrank", "file shrank", part.offset + length);
      return readBuffer.subarray(0, length);
    } catch (error) {
      const code = error.code ?? "EIO";
      return failed(code, String(error));
    } finally {
      fs.closeSync(fd);
    }
  };
  const inspectPart = (part, bytes) => {
    const { entry, name, mtimeMs } = part.inspect;
    if (!inspection) throw new Error("a part to inspect was sent to a worker that cannot inspect");
    let current = inspections.get(entry);
    if (!current) {
      current = inspection(name, new Date(mtimeMs));
      inspections.set(entry, current);
    }
    current.write(bytes);
    if (!part.last) return void 0;
    inspections.delete(entry);
    return current.end();
  };
  const own = (bytes) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  parentPort?.on("message", (job) => {
    const crcs = [];
    const outputs = [];
    const inspected = [];
    for (const part of job.parts) {
      const bytes = part.path === void 0 ? part.bytes ?? new Uint8Array(0) : readPart(part, part.path);
      if (!(bytes instanceof Uint8Array)) {
        if (part.inspect) inspections.delete(part.inspect.entry);
        parentPort.postMessage({
          id: job.id,
          failure: bytes,
          path: part.path
        });
        return;
      }
      crcs.push(zlib.crc32(bytes));
      const output = job.level === 0 ? new Uint8Array(bytes) : own(
        zlib.deflateRawSync(bytes, {
          level: job.level,
          finishFlush: part.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
          // Output in small pieces from Node's shared buffer pool, not 16 KiB buffers of
          // their own: less memory waits for this thread's collector.
          chunkSize: OUTPUT_CHUNK_BYTES
        })
      );
      outputs.push(output);
      inspected.push(part.inspect ? inspectPart(part, bytes) : void 0);
    }
    const transfer = outputs.map((output) => output.buffer);
    const reply = job.parts.some((part) => part.inspect) ? { id: job.id, crcs, outputs, inspected } : { id: job.id, crcs, outputs };
    parentPort.postMessage(reply, transfer);
  });
}

// ../../packages/results/src/tally.ts
var Tally = class {
  format;
  tests = 0;
  failed = 0;
  errors = 0;
  skipped = 0;
  flaky = 0;
  durationMs;
  earliest;
  latest;
  problems = [];
  constructor(format) {
    this.format = format;
  }
  /** Add a duration in milliseconds (ignores what is not a finite, non-negative number). */
  addDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.durationMs = (this.durationMs ?? 0) + ms;
  }
  /** Note a timestamp (ignores invalid dates). */
  addTime(time) {
    if (time === void 0) return;
    const date = typeof time === "number" ? new Date(time) : time;
    if (Number.isNaN(date.getTime())) return;
    if (!this.earliest || date < this.earliest) this.earliest = date;
    if (!this.latest || date > this.latest) this.latest = date;
  }
  problem(problem) {
    this.problems.push(problem);
  }
  /** The results; `EMPTY` is added when a recognised file holds no test and no other problem. */
  results() {
    if (this.tests === 0 && this.problems.length === 0) {
      this.problems.push({ code: "EMPTY", message: "no test in the file" });
    }
    return {
      format: this.format,
      tests: this.tests,
      passed: Math.max(0, this.tests - this.failed - this.errors - this.skipped),
      failed: this.failed,
      errors: this.errors,
      skipped: this.skipped,
      flaky: this.flaky,
      durationMs: this.durationMs === void 0 ? void 0 : Math.round(this.durationMs),
      earliest: this.earliest,
      latest: this.latest,
      problems: this.problems
    };
  }
};

// ../../packages/results/src/types.ts
var DEFAULT_LIMITS = { maxDepth: 256, maxTokenBytes: 16 * 1024 * 1024 };

// ../../packages/results/src/formats/cucumber-json.ts
var QUOTE = 34;
var BACKSLASH = 92;
var NUMBER_CHARS = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
var LITERALS = { true: true, false: false, null: null };
var JsonTokenizer = class {
  constructor(handler, limits) {
    this.handler = handler;
    this.limits = limits;
  }
  handler;
  limits;
  state = 0 /* Value */;
  /** Open containers: true for an object. */
  stack = [];
  fault;
  stopped = false;
  // Position of the next byte: line, the offset where it starts, and UTF-8 continuation bytes
  // seen on it (so columns count characters).
  offset = 0;
  line = 1;
  lineStart = 0;
  continuations = 0;
  // The token being read.
  tokenLine = 1;
  tokenColumn = 1;
  isKey = false;
  keep = false;
  escape = 0;
  // 0 none, 1 after '\', 2..5 reading the hex digits of \uXXXX
  parts = [];
  partBytes = 0;
  scalar = "";
  keepNext = false;
  /** Stop reading (the reader has seen enough); later chunks are ignored. */
  stop() {
    this.stopped = true;
  }
  write(chunk) {
    if (this.stopped || this.fault) return;
    let i = 0;
    const n = chunk.length;
    while (i < n && !this.stopped && !this.fault) {
      if (this.state === 7 /* String */) i = this.readString(chunk, i);
      else {
        const b = chunk[i];
        if (this.state === 8 /* Number */ || this.state === 9 /* Literal */) {
          if (this.continuesScalar(b)) {
            this.scalar += String.fromCharCode(b);
            if (this.scalar.length > this.limits.maxTokenBytes) return this.tooLong();
            this.offset++;
            i++;
            continue;
          }
          this.endScalar();
          continue;
        }
        if (b === 32 || b === 10 || b === 13 || b === 9) {
          i = this.skipSpace(chunk, i);
          continue;
        }
        this.structural(b);
        if (!this.fault) this.offset++;
        i++;
      }
    }
  }
  /** The end of the input: the fault that stopped reading, if any. */
  end() {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === 8 /* Number */ || this.state === 9 /* Literal */) this.endScalar();
    if (this.fault) return this.fault;
    if (this.state !== 6 /* Done */) {
      const where = this.stack.length > 0 ? "inside an unclosed object or array" : "before any value";
      return this.fail("TRUNCATED", `the file ends ${where}`);
    }
    return void 0;
  }
  /** Skips whitespace from `start`, keeping the position; returns the next byte's index. */
  skipSpace(chunk, start) {
    let i = start;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 10) {
        this.line++;
        this.lineStart = this.offset + i - start + 1;
        this.continuations = 0;
      } else if (b !== 32 && b !== 13 && b !== 9) break;
    }
    this.offset += i - start;
    return i;
  }
  structural(b) {
    switch (this.state) {
      case 0 /* Value */:
      case 1 /* ValueOrClose */:
        if (b === 93 && this.state === 1 /* ValueOrClose */) return this.close();
        return this.startValue(b);
      case 2 /* KeyOrClose */:
      case 3 /* Key */:
        if (b === 125 && this.state === 2 /* KeyOrClose */) return this.close();
        if (b !== QUOTE) return this.unexpected(b, "a key in quotes");
        return this.startString(true);
      case 4 /* Colon */:
        if (b !== 58) return this.unexpected(b, "':'");
        this.state = 0 /* Value */;
        return;
      case 5 /* AfterValue */: {
        const inObject = this.stack[this.stack.length - 1];
        if (b === 44) {
          this.state = inObject ? 3 /* Key */ : 0 /* Value */;
          return;
        }
        if (b === (inObject ? 125 : 93)) return this.close();
        return this.unexpected(b, inObject ? "',' or '}'" : "',' or ']'");
      }
      case 6 /* Done */:
        return this.unexpected(b, "the end of the file");
      default:
        return;
    }
  }
  startValue(b) {
    if (b === 123 || b === 91) {
      if (this.stack.length >= this.limits.maxDepth) {
        this.fault = this.here("LIMIT", `nesting deeper than ${this.limits.maxDepth} levels`);
        return;
      }
      const isObject = b === 123;
      this.stack.push(isObject);
      this.state = isObject ? 2 /* KeyOrClose */ : 1 /* ValueOrClose */;
      this.keepNext = false;
      this.handler.open(isObject ? "object" : "array");
      return;
    }
    if (b === QUOTE) return this.startString(false);
    this.markToken();
    if (b === 45 || b >= 48 && b <= 57) this.state = 8 /* Number */;
    else if (b === 116 || b === 102 || b === 110) this.state = 9 /* Literal */;
    else return this.unexpected(b, "a value");
    this.scalar = String.fromCharCode(b);
  }
  close() {
    this.stack.pop();
    this.handler.close();
    this.afterValue();
  }
  afterValue() {
    this.state = this.stack.length === 0 ? 6 /* Done */ : 5 /* AfterValue */;
    this.keepNext = false;
  }
  startString(isKey) {
    this.markToken();
    this.state = 7 /* String */;
    this.isKey = isKey;
    this.keep = isKey || this.keepNext;
    this.escape = 0;
    this.parts = [];
    this.partBytes = 0;
  }
  /** Reads string bytes from `start`; returns where it stopped. */
  readString(chunk, start) {
    let i = start;
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i];
      if (this.escape === 0 && b >= 32 && b !== QUOTE && b !== BACKSLASH) {
        if ((b & 192) === 128) this.continuations++;
        continue;
      }
      if (this.escape === 1) {
        if (b === 117) this.escape = 2;
        else if (isSimpleEscape(b)) this.escape = 0;
        else return this.badString(chunk, start, i, "an invalid escape in a string");
      } else if (this.escape > 1) {
        if (!isHex(b)) return this.badString(chunk, start, i, "an invalid \\u escape in a string");
        this.escape = this.escape === 5 ? 0 : this.escape + 1;
      } else if (b === BACKSLASH) this.escape = 1;
      else if (b === QUOTE) {
        if (this.keep && this.partBytes + i - start > this.limits.maxTokenBytes) {
          this.tooLong();
          return n;
        }
        this.offset += i + 1 - start;
        this.endString(chunk.subarray(start, i));
        return i + 1;
      } else if (b < 32) {
        return this.badString(chunk, start, i, "a control character in a string");
      }
    }
    this.keepPart(chunk, start, n);
    this.offset += n - start;
    return n;
  }
  keepPart(chunk, from, to) {
    if (!this.keep || to === from) return;
    this.partBytes += to - from;
    if (this.partBytes > this.limits.maxTokenBytes) return this.tooLong();
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }
  /** The string ends with `last`, its bytes in the current chunk (used at once, not copied). */
  endString(last) {
    const text = this.keep ? decodeString(this.parts, last) : void 0;
    this.parts = [];
    if (this.isKey) {
      this.keepNext = this.handler.key(text ?? "");
      this.state = 4 /* Colon */;
    } else {
      this.handler.value(text);
      this.afterValue();
    }
  }
  continuesScalar(b) {
    if (this.state === 9 /* Literal */) return b >= 97 && b <= 122;
    return b >= 48 && b <= 57 || b === 46 || b === 45 || b === 43 || (b | 32) === 101;
  }
  endScalar() {
    const text = this.scalar;
    if (this.state === 9 /* Literal */) {
      if (!(text in LITERALS)) return this.failToken(`'${text}' is not a JSON value`);
      this.handler.value(LITERALS[text]);
    } else {
      if (!NUMBER_CHARS.test(text)) return this.failToken(`'${text}' is not a JSON number`);
      this.handler.value(Number(text));
    }
    this.afterValue();
  }
  column() {
    return this.offset - this.lineStart - this.continuations + 1;
  }
  markToken() {
    this.tokenLine = this.line;
    this.tokenColumn = this.column();
  }
  badString(chunk, start, i, message) {
    this.offset += i - start;
    this.fault = this.here("MALFORMED", message);
    return chunk.length;
  }
  tooLong() {
    this.fault = {
      code: "LIMIT",
      message: `a token longer than ${this.limits.maxTokenBytes} bytes`,
      line: this.tokenLine,
      column: this.tokenColumn
    };
  }
  unexpected(b, expected) {
    const found = b >= 33 && b <= 126 ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16)}`;
    this.fault = this.here("MALFORMED", `expected ${expected}, found ${found}`);
  }
  failToken(message) {
    this.fault = { code: "MALFORMED", message, line: this.tokenLine, column: this.tokenColumn };
  }
  fail(code, message) {
    this.fault = this.here(code, message);
    return this.fault;
  }
  here(code, message) {
    return { code, message, line: this.line, column: this.column() };
  }
};
function isSimpleEscape(b) {
  return b === 34 || b === 92 || b === 47 || b === 98 || b === 102 || b === 110 || b === 114 || b === 116;
}
function isHex(b) {
  return b >= 48 && b <= 57 || (b | 32) >= 97 && (b | 32) <= 102;
}
function decodeString(parts, last) {
  const bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return raw.includes("\\") ? JSON.parse(`"${raw}"`) : raw;
}

// ../../packages/results/src/formats/cucumber.ts
var SKIPPED = /* @__PURE__ */ new Set(["skipped", "pending", "undefined"]);
var ELEMENT_KEYS = /* @__PURE__ */ new Set(["type", "keyword", "start_timestamp"]);
function createCucumberReader(_path, options) {
  const tally = new Tally();
  const handler = new CucumberHandler(tally);
  const tokenizer = new JsonTokenizer(handler, {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxTokenBytes: options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes
  });
  handler.stop = () => tokenizer.stop();
  return {
    write: (chunk) => tokenizer.write(chunk),
    end() {
      const fault = tokenizer.end();
      if (fault) tally.problem(fault);
      else if (handler.notCucumber()) {
        tally.format = void 0;
        tally.problem({
          code: "UNKNOWN_FORMAT",
          message: "a JSON file, but not a Cucumber report (an array of features with elements)"
        });
      }
      if (!handler.sawStartTimestamp) tally.addTime(options.mtime);
      return tally.results();
    }
  };
}
var CucumberHandler = class {
  constructor(tally) {
    this.tally = tally;
  }
  tally;
  stop = () => void 0;
  sawStartTimestamp = false;
  frames = [];
  pendingKey;
  topIsObject = false;
  features = 0;
  sawElements = false;
  element;
  background;
  /** Depth of the `result` object being read, inside an element. */
  resultDepth;
  notCucumber() {
    return this.topIsObject || this.features > 0 && !this.sawElements;
  }
  open(kind) {
    const key = this.pendingKey;
    this.pendingKey = void 0;
    this.frames.push({ object: kind === "object", key });
    const depth = this.frames.length;
    if (depth === 1 && kind === "object") {
      this.topIsObject = true;
      this.stop();
    } else if (depth === 2) {
      this.features++;
      this.background = void 0;
    } else if (depth === 3 && key === "elements" && kind === "array" && this.frames[1].object) {
      this.sawElements = true;
      this.tally.format = "cucumber";
    } else if (depth === 4 && kind === "object" && this.frames[2].key === "elements") {
      this.element = { failed: false, skipped: false, durationNs: 0 };
    } else if (this.element && this.resultDepth === void 0 && key === "result" && kind === "object") {
      this.resultDepth = depth;
    }
  }
  close() {
    const depth = this.frames.length;
    if (depth === this.resultDepth) this.resultDepth = void 0;
    if (depth === 4 && this.element) this.endElement(this.element);
    if (depth === 1 && this.features === 0) this.tally.format = "cucumber";
    this.frames.pop();
  }
  key(name) {
    this.pendingKey = name;
    const depth = this.frames.length;
    if (depth === 4 && this.element) return ELEMENT_KEYS.has(name);
    return depth === this.resultDepth && name === "status";
  }
  value(value) {
    const key = this.pendingKey;
    this.pendingKey = void 0;
    const depth = this.frames.length;
    const element = this.element;
    if (depth === 1) this.features++;
    if (!element) return;
    if (depth === 4 && typeof value === "string") {
      if (key === "type") element.type = value;
      else if (key === "keyword") element.keyword = value;
      else if (key === "start_timestamp") element.start = value;
    } else if (depth === this.resultDepth) {
      if (key === "status" && value === "failed") element.failed = true;
      else if (key === "status" && typeof value === "string" && SKIPPED.has(value))
        element.skipped = true;
      else if (key === "duration" && typeof value === "number") element.durationNs += value;
    }
  }
  endElement(element) {
    this.element = void 0;
    const type = element.type ?? (/background/i.test(element.keyword ?? "") ? "background" : "scenario");
    if (type === "background") {
      this.background = { failed: element.failed, skipped: element.skipped };
      this.tally.addDuration(element.durationNs / 1e6);
      return;
    }
    if (type !== "scenario") return;
    const background = this.background;
    this.background = void 0;
    const failed = element.failed || background?.failed === true;
    const skipped = !failed && (element.skipped || background?.skipped === true);
    this.tally.tests++;
    if (failed) this.tally.failed++;
    else if (skipped) this.tally.skipped++;
    this.tally.addDuration(element.durationNs / 1e6);
    if (element.start !== void 0) {
      const time = Date.parse(element.start);
      if (!Number.isNaN(time)) {
        this.sawStartTimestamp = true;
        this.tally.addTime(time);
      }
    }
  }
};

// ../../packages/results/src/formats/gatling.ts
var LF = 10;
var EPOCH_MS = /^\d{12,}$/;
var RECORD_TYPE = /^[A-Z]+$/;
function createGatlingReader(_path, options) {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally("gatling");
  let parts = [];
  let partBytes = 0;
  let line = 0;
  let done = false;
  const stop = (problem) => {
    tally.problem(problem);
    done = true;
  };
  const readLine = (bytes, last) => {
    line++;
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (line === 1) return readFirst(text);
    if (text.trim() === "") return;
    const fields = text.split("	");
    const type = fields[0];
    if (!RECORD_TYPE.test(type) || fields.length < 2) {
      return stop({
        code: "MALFORMED",
        message: "a line that is not a Gatling record",
        line,
        column: 1
      });
    }
    if (type === "RUN") return tally.addTime(runStart(fields));
    if (type !== "REQUEST") return;
    const request = requestOf(fields);
    if (!request) {
      return stop({
        code: last ? "TRUNCATED" : "MALFORMED",
        message: last ? "the file ends inside a REQUEST record" : "a REQUEST record without start, end and OK/KO status",
        line,
        column: 1
      });
    }
    tally.tests++;
    if (request.status === "KO") tally.failed++;
    tally.addDuration(request.end - request.start);
    tally.addTime(request.start);
    tally.addTime(request.end);
  };
  const readFirst = (text) => {
    const fields = text.replace(/^\uFEFF/, "").split("	");
    if (fields[0] === "RUN") return tally.addTime(runStart(fields));
    if (fields[0] === "ASSERTION") return;
    tally.format = void 0;
    stop({
      code: "UNKNOWN_FORMAT",
      message: isBinary(text) ? "a binary simulation.log (newer Gatling): only Gatling's text simulation.log is read" : "not a Gatling simulation.log: it does not start with a RUN record"
    });
  };
  return {
    write(chunk) {
      let from = 0;
      while (!done) {
        const newline = chunk.indexOf(LF, from);
        const to = newline < 0 ? chunk.length : newline;
        partBytes += to - from;
        if (partBytes > maxTokenBytes) {
          const binary = line === 0;
          if (binary)
            readFirst(Buffer.concat([...parts, chunk.subarray(from, to)]).toString("latin1"));
          if (!done)
            stop({
              code: "LIMIT",
              message: `a line longer than ${maxTokenBytes} bytes`,
              line: line + 1,
              column: 1
            });
          return;
        }
        if (newline < 0) {
          if (to > from) parts.push(new Uint8Array(chunk.subarray(from, to)));
          return;
        }
        const bytes = parts.length === 0 ? chunk.subarray(from, to) : Buffer.concat([...parts, chunk.subarray(from, to)]);
        parts = [];
        partBytes = 0;
        readLine(bytes, false);
        from = newline + 1;
      }
    },
    end() {
      if (!done && (partBytes > 0 || line === 0)) readLine(Buffer.concat(parts), true);
      return tally.results();
    }
  };
}
function runStart(fields) {
  const start = fields.find((field) => EPOCH_MS.test(field));
  return start === void 0 ? void 0 : Number(start);
}
function requestOf(fields) {
  for (let i = 3; i < fields.length; i++) {
    const status = fields[i];
    if (status !== "OK" && status !== "KO") continue;
    let first = i;
    while (first > 1 && EPOCH_MS.test(fields[first - 1])) first--;
    if (i - first < 2) continue;
    return { status, start: Number(fields[first]), end: Number(fields[i - 1]) };
  }
  return void 0;
}
function isBinary(text) {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
}

// ../../packages/results/src/formats/jmeter-csv-records.ts
var QUOTE2 = 34;
var LF2 = 10;
var CR = 13;
var CsvRecords = class {
  constructor(options) {
    this.options = options;
  }
  options;
  state = 0 /* FieldStart */;
  fields = [];
  parts = [];
  partBytes = 0;
  /** Bytes of the record's fields so far, kept or not (0: a blank line). */
  recordBytes = 0;
  keeping = true;
  /** Start, in the current chunk, of the field bytes not yet put in `parts` (-1: none). */
  segment = -1;
  line = 1;
  recordLine = 1;
  lineStart = 0;
  offset = 0;
  fault;
  stopped = false;
  write(chunk) {
    if (this.stopped || this.fault) return;
    const sep = this.options.separator;
    for (let i = 0; i < chunk.length && !this.stopped && !this.fault; i++) {
      const b = chunk[i];
      if (this.state === 4 /* AfterCr */) {
        this.state = 0 /* FieldStart */;
        if (b === LF2) {
          this.newLine(i);
          continue;
        }
      }
      switch (this.state) {
        case 0 /* FieldStart */:
          if (b === QUOTE2) {
            this.state = 2 /* Quoted */;
            this.segment = i + 1;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          else {
            this.state = 1 /* Unquoted */;
            this.segment = i;
          }
          break;
        case 1 /* Unquoted */:
          if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          break;
        case 2 /* Quoted */:
          if (b === QUOTE2) {
            this.take(chunk, i);
            this.state = 3 /* QuoteInQuoted */;
          } else if (b === LF2) this.newLine(i);
          break;
        case 3 /* QuoteInQuoted */:
          if (b === QUOTE2) {
            this.segment = i;
            this.state = 2 /* Quoted */;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          else this.malformed(i, "a character after the closing quote of a field");
          break;
      }
    }
    if (this.segment >= 0 && !this.fault) {
      this.take(chunk, chunk.length);
      this.segment = 0;
    }
    this.offset += chunk.length;
  }
  /** The end of the input: the last record (if it has no line break) and any fault. */
  end() {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === 2 /* Quoted */) {
      return {
        code: "TRUNCATED",
        message: "the file ends inside a quoted field",
        line: this.line,
        column: this.offset - this.lineStart + 1
      };
    }
    if (this.state !== 0 /* FieldStart */ || this.fields.length > 0) {
      this.segment = -1;
      this.finishField();
      this.emit();
    }
    return this.fault;
  }
  /** Adds the field bytes from the segment's start to `to` (copied: chunks may be reused). */
  take(chunk, to) {
    const from = this.segment;
    this.segment = -1;
    if (from < 0 || to <= from) return;
    this.recordBytes += to - from;
    if (!this.keeping) return;
    this.partBytes += to - from;
    if (this.partBytes > this.options.maxTokenBytes) {
      this.fault = {
        code: "LIMIT",
        message: `a field longer than ${this.options.maxTokenBytes} bytes`,
        line: this.line,
        column: 1
      };
      return;
    }
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }
  endField(chunk, i) {
    if (this.segment >= 0) this.take(chunk, i);
    this.finishField();
    this.state = 0 /* FieldStart */;
  }
  finishField() {
    this.fields.push(this.keeping ? Buffer.concat(this.parts).toString("utf8") : void 0);
    this.parts = [];
    this.partBytes = 0;
    this.keeping = this.options.keep(this.fields.length);
  }
  endRecord(chunk, i, b) {
    this.endField(chunk, i);
    this.emit();
    if (b === CR) this.state = 4 /* AfterCr */;
    else this.newLine(i);
  }
  emit() {
    const fields = this.fields;
    this.fields = [];
    if (!this.fault && !(fields.length === 1 && this.recordBytes === 0)) {
      if (!this.options.record(fields, this.recordLine)) this.stopped = true;
    }
    this.keeping = this.options.keep(0);
    this.recordBytes = 0;
  }
  newLine(i) {
    this.line++;
    this.lineStart = this.offset + i + 1;
    if (this.state === 0 /* FieldStart */) this.recordLine = this.line;
  }
  malformed(i, message) {
    const column = this.offset + i - this.lineStart + 1;
    this.fault = { code: "MALFORMED", message, line: this.line, column };
  }
};

// ../../packages/results/src/formats/jmeter-csv.ts
var SEPARATORS = [",", ";", "	", "|"];
function createJmeterCsvReader(_path, options) {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally("jmeter-csv");
  let columns;
  let head = [];
  let headBytes = 0;
  let records;
  const record = (fields, line) => {
    if (!columns) {
      columns = columnsOf(fields);
      if (columns) return true;
      tally.format = void 0;
      tally.problem({ code: "UNKNOWN_FORMAT", message: "a CSV file without a success column" });
      return false;
    }
    const success = fields[columns.success]?.trim().toLowerCase();
    if (success !== "true" && success !== "false") {
      tally.problem({
        code: "MALFORMED",
        message: success === void 0 ? `a sample with ${fields.length} fields where the header names ${columns.count}` : `a sample whose success is '${success}', not true or false`,
        line,
        column: 1
      });
      return false;
    }
    tally.tests++;
    if (success === "false") tally.failed++;
    const elapsed = fields[columns.elapsed];
    if (elapsed !== void 0 && elapsed.trim() !== "") tally.addDuration(Number(elapsed));
    tally.addTime(timeOf(fields[columns.timeStamp]));
    return true;
  };
  const start = (separator) => new CsvRecords({
    separator,
    maxTokenBytes,
    keep: (index) => !columns || index === columns.success || index === columns.timeStamp || index === columns.elapsed,
    record
  });
  return {
    write(chunk) {
      if (records) return records.write(chunk);
      head.push(new Uint8Array(chunk));
      headBytes += chunk.length;
      const newline = chunk.indexOf(10);
      if (newline < 0 && headBytes <= maxTokenBytes) return;
      records = start(separatorOf(Buffer.concat(head)));
      for (const part of head) records.write(part);
      head = [];
    },
    end() {
      if (!records) {
        records = start(separatorOf(Buffer.concat(head)));
        for (const part of head) records.write(part);
        head = [];
      }
      const fault = records.end();
      if (fault) tally.problem(fault);
      return tally.results();
    }
  };
}
function separatorOf(bytes) {
  const text = bytes.toString("utf8");
  const newline = text.indexOf("\n");
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  let best = ",";
  let most = 0;
  for (const candidate of SEPARATORS) {
    const count = firstLine.split(candidate).length - 1;
    if (count > most) {
      best = candidate;
      most = count;
    }
  }
  return best.charCodeAt(0);
}
function columnsOf(header) {
  const names = header.map((name) => (name ?? "").trim().toLowerCase());
  const success = names.indexOf("success");
  if (success < 0) return void 0;
  return {
    count: names.length,
    success,
    timeStamp: names.indexOf("timestamp"),
    elapsed: names.indexOf("elapsed")
  };
}
function timeOf(value) {
  const text = value?.trim();
  if (!text) return void 0;
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, ms] = m.map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s || 0, ms || 0);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? void 0 : parsed;
}

// ../../packages/results/src/formats/xml/values.ts
var TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
function parseTimestamp(value) {
  if (value === void 0) return void 0;
  const text = value.trim().replace(/\s+[A-Z]{2,5}$/, (zone2) => /UTC|GMT/i.test(zone2) ? zone2 : "");
  const match = TIMESTAMP.exec(text);
  if (!match) return void 0;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = fraction === void 0 ? 0 : Math.round(Number(`0.${fraction}`) * 1e3);
  let time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    ms
  );
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone ?? "");
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    time -= (offset[1] === "-" ? -1 : 1) * minutes * 6e4;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function parseFitnesseFileTime(path) {
  const match = /(?:^|[/\\])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_\d+_\d+_\d+_\d+\.xml$/i.exec(
    path
  );
  if (!match) return void 0;
  return parseTimestamp(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`);
}
function parseSeconds(value) {
  const seconds = parseNumber(value, true);
  return seconds === void 0 ? void 0 : seconds * 1e3;
}
function parseMillis(value) {
  return parseNumber(value, false);
}
function parseTimeSpan(value) {
  const match = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? "");
  if (!match) return void 0;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 6e4 + Number(seconds) * 1e3;
}
function parseCount(value) {
  if (value === void 0 || !/^\s*\d+\s*$/.test(value)) return void 0;
  return Number(value);
}
function parseNumber(value, thousands) {
  if (value === void 0) return void 0;
  let text = value.trim();
  if (thousands && /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  if (!/^\d+(\.\d*)?([eE][+-]?\d+)?$|^\.\d+$/.test(text)) return void 0;
  const number = Number(text);
  return Number.isFinite(number) ? number : void 0;
}

// ../../packages/results/src/formats/xml/fitnesse.ts
var COUNTS = /* @__PURE__ */ new Set(["right", "wrong", "ignores", "exceptions"]);
function createFitnesseReader(tally, path) {
  let page;
  let inCounts = false;
  let field;
  tally.addTime(parseFitnesseFileTime(path));
  return {
    open(name, _attributes, depth) {
      if (depth === 2 && name === "result") page = /* @__PURE__ */ new Map();
      else if (page && depth === 3 && name === "counts") inCounts = true;
      else if (page && (inCounts && depth === 4 && COUNTS.has(name) || depth === 3 && name === "runTimeInMillis")) {
        field = { name, depth, text: "" };
      }
    },
    text(text, depth) {
      if (field && depth === field.depth) field.text += text;
    },
    close(name, depth) {
      if (field && depth === field.depth) {
        const value = field.name === "runTimeInMillis" ? parseMillis(field.text) : parseCount(field.text);
        if (value !== void 0) page?.set(field.name, value);
        field = void 0;
      } else if (inCounts && depth === 3) inCounts = false;
      else if (page && depth === 2 && name === "result") {
        countPage(page);
        page = void 0;
      }
    },
    finish() {
    }
  };
  function countPage(counts) {
    const get = (name) => counts.get(name) ?? 0;
    tally.tests += 1;
    if (get("wrong") > 0) tally.failed += 1;
    else if (get("exceptions") > 0) tally.errors += 1;
    else if (get("ignores") > 0 && get("right") === 0) tally.skipped += 1;
    const ms = counts.get("runTimeInMillis");
    if (ms !== void 0) tally.addDuration(ms);
  }
}

// ../../packages/results/src/formats/xml/jmeter-xml.ts
function createJmeterXmlReader(tally) {
  return {
    open(name, attributes, depth) {
      if (depth !== 2 || name !== "httpSample" && name !== "sample") return;
      tally.tests += 1;
      if (attributes.s === "false") tally.failed += 1;
      const ms = parseMillis(attributes.t);
      if (ms !== void 0) tally.addDuration(ms);
      const at = parseMillis(attributes.ts);
      if (at !== void 0) tally.addTime(at);
    },
    close() {
    },
    finish() {
    }
  };
}

// ../../packages/results/src/formats/xml/stated-totals.ts
var StatedTotals = class {
  first;
  others = 0;
  /** Compare the totals `where` (e.g. `testsuite "Foo"`) states with what it holds. */
  compare(where, totals) {
    const differ = totals.filter(([, stated, actual]) => {
      const count = parseCount(stated);
      return count !== void 0 && count !== actual;
    });
    if (differ.length === 0) return;
    if (this.first !== void 0) {
      this.others += 1;
      return;
    }
    const said = differ.map(([name, stated]) => `${name}=${String(stated).trim()}`).join(" ");
    const found = differ.map(([name, , actual]) => `${name}=${actual}`).join(" ");
    this.first = `${where} states ${said} but holds ${found}`;
  }
  report(tally) {
    if (this.first === void 0) return;
    const more = this.others === 0 ? "" : ` (and ${this.others} more that differ)`;
    tally.problem({ code: "COUNT_MISMATCH", message: `${this.first}${more}` });
  }
};

// ../../packages/results/src/formats/xml/junit.ts
var RERUNS = /* @__PURE__ */ new Set(["flakyFailure", "flakyError", "rerunFailure", "rerunError"]);
function createJunitReader(tally) {
  const suites = [];
  const stated = new StatedTotals();
  let testCase;
  return {
    open(name, attributes, depth) {
      if (testCase) {
        if (depth !== testCase.depth + 1) return;
        if (name === "failure") testCase.failure = true;
        else if (name === "error") testCase.error = true;
        else if (name === "skipped") testCase.skipped = true;
        else if (RERUNS.has(name)) testCase.rerun = true;
        return;
      }
      if (name === "testsuite" || name === "testsuites") {
        tally.addTime(parseTimestamp(attributes.timestamp));
        const label = attributes.name === void 0 ? name : `${name} "${attributes.name}"`;
        suites.push({
          depth,
          where: label,
          attributes,
          tests: 0,
          failures: 0,
          errors: 0,
          skipped: 0
        });
      } else if (name === "testcase") {
        const ms = parseSeconds(attributes.time);
        testCase = { depth, failure: false, error: false, skipped: false, rerun: false, ms };
      }
    },
    close(_name, depth) {
      if (testCase && depth === testCase.depth) {
        count(outcomeOf(testCase), testCase.rerun);
        if (testCase.ms !== void 0) tally.addDuration(testCase.ms);
        testCase = void 0;
        return;
      }
      const suite = suites.at(-1);
      if (suite && depth === suite.depth) {
        suites.pop();
        const { attributes: a } = suite;
        stated.compare(suite.where, [
          ["tests", a.tests, suite.tests],
          ["failures", a.failures, suite.failures],
          ["errors", a.errors, suite.errors],
          ["skipped", a.skipped, suite.skipped]
        ]);
      }
    },
    finish() {
      stated.report(tally);
    }
  };
  function count(outcome, rerun) {
    tally.tests += 1;
    if (outcome === "failed") tally.failed += 1;
    else if (outcome === "errors") tally.errors += 1;
    else if (outcome === "skipped") tally.skipped += 1;
    else if (rerun) tally.flaky += 1;
    for (const suite of suites) {
      suite.tests += 1;
      if (outcome === "failed") suite.failures += 1;
      else if (outcome === "errors") suite.errors += 1;
      else if (outcome === "skipped") suite.skipped += 1;
    }
  }
}
function outcomeOf(testCase) {
  if (testCase.failure) return "failed";
  if (testCase.error) return "errors";
  if (testCase.skipped) return "skipped";
  return "passed";
}

// ../../packages/results/src/formats/xml/nunit.ts
function createNunitReader(tally) {
  const stated = new StatedTotals();
  let run = {};
  return {
    open(name, attributes, depth) {
      if (depth === 1) {
        run = attributes;
        tally.addTime(parseTimestamp(attributes["start-time"]));
      }
      if (name !== "test-case") return;
      tally.tests += 1;
      const result = attributes.result?.toLowerCase();
      if (result === "failed") tally.failed += 1;
      else if (result === "skipped" || result === "inconclusive") tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes["start-time"]));
      const ms = parseSeconds(attributes.duration);
      if (ms !== void 0) tally.addDuration(ms);
    },
    close() {
    },
    finish() {
      stated.compare("test-run", [
        ["total", run.total, tally.tests],
        ["failed", run.failed, tally.failed]
      ]);
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/testng.ts
function createTestngReader(tally) {
  const stated = new StatedTotals();
  let root = {};
  return {
    open(name, attributes, depth) {
      if (depth === 1) root = attributes;
      if (name === "suite" || name === "test")
        tally.addTime(parseTimestamp(attributes["started-at"]));
      if (name !== "test-method" || attributes["is-config"] === "true") return;
      tally.tests += 1;
      const status = attributes.status?.toUpperCase();
      if (status === "FAIL") tally.failed += 1;
      else if (status === "SKIP") tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes["started-at"]));
      const ms = parseMillis(attributes["duration-ms"]);
      if (ms !== void 0) tally.addDuration(ms);
    },
    close() {
    },
    finish() {
      const passed = tally.tests - tally.failed - tally.skipped;
      stated.compare("testng-results", [
        ["total", root.total, tally.tests],
        ["passed", root.passed, passed],
        ["failed", root.failed, tally.failed],
        ["skipped", root.skipped, tally.skipped]
      ]);
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/trx.ts
var FAILED = /* @__PURE__ */ new Set(["failed", "error", "timeout", "aborted"]);
function createTrxReader(tally) {
  const stated = new StatedTotals();
  let resultDepth;
  let passed = 0;
  let counters;
  return {
    open(name, attributes, depth) {
      if (name === "Times" && depth === 2) tally.addTime(parseTimestamp(attributes.start));
      else if (name === "Counters") counters = attributes;
      else if (name === "UnitTestResult" && resultDepth === void 0) {
        resultDepth = depth;
        tally.tests += 1;
        const outcome = attributes.outcome?.toLowerCase();
        if (outcome === "passed") passed += 1;
        else if (outcome !== void 0 && FAILED.has(outcome)) tally.failed += 1;
        else tally.skipped += 1;
        const ms = parseTimeSpan(attributes.duration);
        if (ms !== void 0) tally.addDuration(ms);
      }
    },
    close(_name, depth) {
      if (depth === resultDepth) resultDepth = void 0;
    },
    finish() {
      if (counters) {
        stated.compare("ResultSummary/Counters", [
          ["total", counters.total, tally.tests],
          ["passed", counters.passed, passed]
        ]);
      }
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/root.ts
var TEAMTEST_2010 = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
function formatOfRoot(name, attributes, path) {
  const colon = name.indexOf(":");
  const local = name.slice(colon + 1);
  switch (local) {
    case "testsuite":
    case "testsuites":
      return "junit";
    case "testng-results":
      return "testng";
    case "test-run":
      return "nunit";
    case "TestRun": {
      const xmlns = colon < 0 ? "xmlns" : `xmlns:${name.slice(0, colon)}`;
      return attributes[xmlns]?.trim() === TEAMTEST_2010 ? "trx" : void 0;
    }
    case "testResults":
      return path.split(/[\\/]/).includes("FitNesseRoot") ? "fitnesse" : "jmeter-xml";
    default:
      return void 0;
  }
}
function createFormatReader(format, tally, path) {
  switch (format) {
    case "junit":
      return createJunitReader(tally);
    case "testng":
      return createTestngReader(tally);
    case "trx":
      return createTrxReader(tally);
    case "nunit":
      return createNunitReader(tally);
    case "jmeter-xml":
      return createJmeterXmlReader(tally);
    case "fitnesse":
      return createFitnesseReader(tally, path);
    default:
      return void 0;
  }
}

// ../../packages/results/src/formats/xml/tokenizer.ts
var import_saxes = __toESM(require_saxes(), 1);
function createXmlTokenizer(events) {
  const parser = new import_saxes.SaxesParser({
    xmlns: false,
    position: true
  });
  let boundary = 0;
  let fed = 0;
  let heldClose;
  let heldAt = 0;
  const release = () => {
    if (heldClose === void 0) return;
    const name = heldClose;
    heldClose = void 0;
    events.close(name);
  };
  const mark = () => {
    release();
    boundary = parser.position;
  };
  parser.on("opentag", (tag) => {
    mark();
    events.open(tag.name, tag.attributes);
  });
  parser.on("closetag", (tag) => {
    mark();
    heldClose = tag.name;
    heldAt = parser.position;
  });
  parser.on("text", (text) => {
    mark();
    events.text(text);
  });
  parser.on("cdata", (text) => {
    mark();
    events.text(text);
  });
  parser.on("doctype", (body) => {
    mark();
    events.doctype(body);
  });
  parser.on("error", (error) => {
    if (parser.position === heldAt) heldClose = void 0;
    else release();
    events.error(error.message.replace(/^\d+:\d+: /, ""), parser.line, parser.column);
  });
  return {
    write(text) {
      fed += text.length;
      parser.write(text);
      release();
    },
    end() {
      parser.close();
    },
    pendingChars() {
      return fed - boundary;
    }
  };
}

// ../../packages/results/src/formats/xml.ts
var SLICE_CHARS = 64 * 1024;
function createXmlReader(path, options) {
  const maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally();
  const decoder = new TextDecoder("utf-8");
  const open = [];
  let format;
  let stopped = false;
  let complete = false;
  let ending = false;
  const stop = (problem) => {
    if (stopped) return;
    stopped = true;
    tally.problem(problem);
  };
  const tokenizer = createXmlTokenizer({
    open(name, attributes) {
      if (stopped) return;
      open.push(name);
      const depth = open.length;
      if (depth > maxDepth) {
        stop({
          code: "LIMIT",
          message: `elements nest deeper than ${maxDepth}; the rest was not read`
        });
        return;
      }
      if (depth === 1) {
        tally.format = formatOfRoot(name, attributes, path);
        format = tally.format && createFormatReader(tally.format, tally, path);
        if (!format) {
          stop({
            code: "UNKNOWN_FORMAT",
            message: `no test result format has the root element <${name}>`
          });
          return;
        }
      }
      format?.open(localName(name), attributes, depth);
    },
    close(name) {
      if (stopped) return;
      format?.close(localName(name), open.length);
      open.pop();
      if (open.length === 0) complete = true;
    },
    text(text) {
      if (!stopped) format?.text?.(text, open.length);
    },
    doctype(body) {
      if (/<!ENTITY/i.test(body)) {
        stop({
          code: "LIMIT",
          message: "the file declares XML entities, which are not expanded; it was not read"
        });
      }
    },
    error(message, line, column) {
      if (ending) {
        const inside = open.length > 0 ? `inside <${open.at(-1)}>` : "before its root element closed";
        stop({ code: "TRUNCATED", message: `the file ends ${inside}` });
      } else {
        stop({ code: "MALFORMED", message: `not well-formed XML: ${message}`, line, column });
      }
    }
  });
  const feed = (text) => {
    for (let start = 0; start < text.length && !stopped; start += SLICE_CHARS) {
      tokenizer.write(text.slice(start, start + SLICE_CHARS));
      if (tokenizer.pendingChars() > maxTokenBytes) {
        stop({
          code: "LIMIT",
          message: `a text, attribute or tag is longer than ${maxTokenBytes} bytes; the rest was not read`
        });
      }
    }
  };
  const guarded2 = (step) => {
    try {
      step();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      stop({ code: "MALFORMED", message: `not readable as XML: ${reason}` });
    }
  };
  return {
    write(chunk) {
      if (stopped) return;
      guarded2(() => feed(decoder.decode(chunk, { stream: true })));
    },
    end() {
      if (!stopped) {
        guarded2(() => {
          feed(decoder.decode());
          ending = true;
          if (!stopped) tokenizer.end();
        });
      }
      if (complete && !stopped) format?.finish();
      return tally.results();
    }
  };
}
function localName(name) {
  return name.slice(name.indexOf(":") + 1);
}

// ../../packages/results/src/inspect.ts
var HEAD_BYTES = 4096;
function createInspector(path, options = {}) {
  return guarded(dispatch(path, options));
}
function guarded(inspector) {
  let failure;
  let failed = false;
  const fail = (error) => {
    failed = true;
    failure = error;
  };
  return {
    write(chunk) {
      if (failed) return;
      try {
        inspector.write(chunk);
      } catch (error) {
        fail(error);
      }
    },
    end() {
      if (!failed) {
        try {
          return inspector.end();
        } catch (error) {
          fail(error);
        }
      }
      const tally = new Tally();
      const reason = failure instanceof Error ? failure.message : String(failure);
      tally.problem({ code: "MALFORMED", message: `the file could not be read: ${reason}` });
      return tally.results();
    }
  };
}
function dispatch(path, options) {
  const head = [];
  let headBytes = 0;
  let reader;
  let unknown = false;
  const decide = (chunk, atEnd) => {
    const bytes = head.length === 0 ? chunk : Buffer.concat([...head, chunk]);
    const kind = kindOf(path, bytes, atEnd);
    if (kind === void 0 && !atEnd && headBytes + chunk.length < HEAD_BYTES) return false;
    if (kind === void 0) unknown = true;
    else reader = readerOf(kind, path, options);
    reader?.write(bytes);
    head.length = 0;
    return true;
  };
  return {
    write(chunk) {
      if (reader) return reader.write(chunk);
      if (unknown || chunk.length === 0) return;
      if (decide(chunk, false)) return;
      head.push(new Uint8Array(chunk));
      headBytes += chunk.length;
    },
    end() {
      if (!reader && !unknown) {
        if (headBytes === 0 || isBlank(Buffer.concat(head))) return emptyFile();
        decide(new Uint8Array(0), true);
      }
      if (reader) return reader.end();
      const tally = new Tally();
      tally.problem({
        code: "UNKNOWN_FORMAT",
        message: "not a test result format XL TestView reads"
      });
      return tally.results();
    }
  };
}
function readerOf(kind, path, options) {
  switch (kind) {
    case "xml":
      return createXmlReader(path, options);
    case "json":
      return createCucumberReader(path, options);
    case "gatling":
      return createGatlingReader(path, options);
    case "jmeter-csv":
      return createJmeterCsvReader(path, options);
  }
}
function kindOf(path, bytes, atEnd) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES)).toString("utf8").replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (start.startsWith("<")) return "xml";
  if (start.startsWith("[") || start.startsWith("{")) return "json";
  if (/^(RUN|ASSERTION)\t/.test(start) || /(^|\/)simulation\.log$/i.test(path)) return "gatling";
  const newline = start.search(/\r?\n/);
  if (newline < 0 && !atEnd) return void 0;
  const firstLine = newline < 0 ? start : start.slice(0, newline);
  if (/(^|[,;\t|])"?success"?([,;\t|]|$)/i.test(firstLine)) return "jmeter-csv";
  return void 0;
}
function isBlank(bytes) {
  return Buffer.from(bytes).toString("utf8").replace(/^\uFEFF/, "").trim() === "";
}
function emptyFile() {
  const tally = new Tally();
  tally.problem({ code: "EMPTY", message: "the file is empty" });
  return tally.results();
}

// ../../packages/core/src/zip/inspection.ts
function startInspection(name, mtime) {
  return createInspector(name, { mtime });
}

// ../../packages/core/src/zip/worker.ts
deflateWorkerMain(startInspection);
/*! Bundled license information:

xmlchars/xml/1.0/ed5.js:
  (**
   * Character classes and associated utilities for the 5th edition of XML 1.0.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)

xmlchars/xml/1.1/ed2.js:
  (**
   * Character classes and associated utilities for the 2nd edition of XML 1.1.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)

xmlchars/xmlns/1.0/ed3.js:
  (**
   * Character class utilities for XML NS 1.0 edition 3.
   *
   * @author Louis-Dominique Dubeau
   * @license MIT
   * @copyright Louis-Dominique Dubeau
   *)
*/
