export * from './agent';
export * from './availability';
export * from './directory';
export { FileAgentDirectory, parseAgentsFile, AgentsFileError } from './file-directory';
export { AgentRegistry, UnknownAgentError, type AgentView, type SyncResult } from './agent-registry';
