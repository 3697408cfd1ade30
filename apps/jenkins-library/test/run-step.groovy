// Runs vars/xltvUpload.groovy as a Jenkins pipeline calls it, on plain Groovy: the steps it
// uses are stand-ins that behave as Jenkins documents them. `sh` runs its script as Jenkins
// does (`sh -xe <file>`); `withCredentials` puts the credentials in the environment of the `sh`
// inside it. Usage: run-step.groovy <vars file> <call.json> <record.json>
//   call.json:   {options, currentResult, unix, credentials: {id: {username, password}}}
//   record.json: written with {scripts: [...]}, every script `sh` was given
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

def (varsFile, callFile, recordFile) = args as List
def call = new JsonSlurper().parse(new File(callFile))

// The annotation Jenkins' CPS plugin provides; on plain Groovy it only has to exist.
def loader = new GroovyClassLoader(getClass().classLoader)
loader.parseClass('package com.cloudbees.groovy.cps\n' +
    '@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n' +
    '@interface NonCPS {}')

List<String> scripts = []
Map<String, String> credentialEnv = [:]
def binding = new Binding()
binding.setVariable('currentBuild', [currentResult: call.currentResult])
binding.setVariable('env', System.getenv())
binding.setVariable('isUnix', { -> call.unix != false })
binding.setVariable('echo', { String text -> println text })
binding.setVariable('error', { String message -> throw new IllegalStateException(message) })
binding.setVariable('usernamePassword', { Map spec -> spec })
binding.setVariable('withCredentials', { List specs, Closure body ->
  specs.each { spec ->
    def secret = call.credentials[spec.credentialsId]
    if (secret == null) { throw new IllegalStateException("no credentials ${spec.credentialsId}") }
    credentialEnv[spec.usernameVariable] = secret.username
    credentialEnv[spec.passwordVariable] = secret.password
  }
  try { return body() } finally { credentialEnv.clear() }
})
binding.setVariable('sh', { Map step ->
  scripts << step.script
  def file = File.createTempFile('xltv-sh', '.sh')
  file.text = step.script
  def builder = new ProcessBuilder('sh', '-xe', file.path).inheritIO()
  builder.environment().putAll(credentialEnv)
  int status = builder.start().waitFor()
  file.delete()
  if (status != 0 && !step.returnStatus) { throw new IllegalStateException("script returned exit code ${status}") }
  return step.returnStatus ? status : null
})

def step = new GroovyShell(loader, binding).parse(new File(varsFile))
int exit = 0
try {
  println "RETURNED: ${step.call(call.options)}"
} catch (Exception e) {
  println "ERROR: ${e.message}"
  exit = 1
}
new File(recordFile).text = JsonOutput.toJson([scripts: scripts])
System.exit(exit)
