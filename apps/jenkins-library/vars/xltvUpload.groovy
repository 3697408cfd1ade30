// xltvUpload: uploads test results to XL TestView with the xltv CLI (@xltv/cli), from a
// Jenkins pipeline. Meant for `post { always { … } }`, so results of failed tests are uploaded.
// Usage and options: vars/xltvUpload.txt. Written for the Groovy of Jenkins pipelines (2.4).
import com.cloudbees.groovy.cps.NonCPS

/** The CLI of this release; `cliPackage` names another (a version, a tarball). */
String defaultCliPackage() { '@xltv/cli@0.1.0' }

def call(Map options = [:]) {
  if (!isUnix()) {
    error('xltvUpload runs on Unix agents (sh); on Windows, run `npx @xltv/cli upload` with bat')
  }
  String result = options.buildResult ?: currentBuild.currentResult
  String script = shellLine(command(options, result))
  boolean softFail = options.softFail == true
  int status
  if (options.credentialsId) {
    // The credentials reach the CLI as XLTV_USERNAME / XLTV_PASSWORD in its environment only:
    // never on its command line, which sh -x prints.
    withCredentials([usernamePassword(credentialsId: options.credentialsId,
        usernameVariable: 'XLTV_USERNAME', passwordVariable: 'XLTV_PASSWORD')]) {
      status = sh(script: script, returnStatus: true)
    }
  } else {
    status = sh(script: script, returnStatus: true)
  }
  if (status != 0) {
    String message = "xltvUpload: the upload failed (xltv exited with ${status})"
    if (softFail) {
      echo "${message}; softFail keeps the build's result"
    } else {
      error(message)
    }
  }
  return status
}

/** The options call() takes; any other key is a mistake worth an error, not silence. */
@NonCPS
List<String> knownOptions() {
  ['url', 'testSpec', 'project', 'patterns', 'exclude', 'credentialsId', 'buildResult',
   'meta', 'extraArgs', 'cliPackage', 'softFail']
}

/** The CLI's command as a list of arguments: one element per value, nothing evaluated. */
@NonCPS
List<String> command(Map options, String buildResult) {
  List<String> unknown = options.keySet().collect { it.toString() } - knownOptions()
  if (!unknown.isEmpty()) {
    throw new IllegalArgumentException("xltvUpload: unknown option(s) ${unknown}; known: ${knownOptions()}")
  }
  List<String> args = ['npx', '--yes', '--package', (options.cliPackage ?: defaultCliPackage()).toString(),
                       '--', 'xltv', 'upload']
  listOf(options.patterns).each { args << '--include' << it }
  listOf(options.exclude).each { args << '--exclude' << it }
  if (options.url) { args << '--url' << options.url.toString() }
  if (options.testSpec) { args << '--test-spec' << options.testSpec.toString() }
  if (options.project) { args << '--project' << options.project.toString() }
  if (buildResult) { args << '--build-result' << buildResult }
  metaOf(options.meta).each { args << '--meta' << it }
  if (options.softFail == true) { args << '--soft-fail' }
  listOf(options.extraArgs).each { args << it }
  return args
}

/** A string, or a list of values, as a list of strings. */
@NonCPS
List<String> listOf(value) {
  if (value == null) { return [] }
  if (value instanceof Collection) { return value.collect { it.toString() } }
  return [value.toString()]
}

/** Metadata as `key=value` strings, from a map or a list of such strings. */
@NonCPS
List<String> metaOf(value) {
  if (value instanceof Map) { return value.collect { k, v -> "${k}=${v}".toString() } }
  return listOf(value)
}

/** One line for POSIX sh, every argument single-quoted: sh takes each back literally. */
@NonCPS
String shellLine(List<String> args) {
  args.collect { shellQuote(it) }.join(' ')
}

/** 'value', with each ' written as '\'' (close the quote, an escaped quote, reopen). */
@NonCPS
String shellQuote(String value) {
  "'" + value.replace("'", "'\\''") + "'"
}
