// The team's infrastructure as code: the estate that scenarios/chat-ptu-spillover.yaml models. Spillway does not
// read this file; the scenario repeats its SKUs, capacities and spillover target, and a pull request that changes
// one should change the other (reviewers see both in the same diff, and the check's table shows what moves).
// Deployment shapes as in "Manage traffic with spillover for provisioned deployments" (Microsoft Learn,
// api-version 2024-10-01: sku.name, sku.capacity, properties.spilloverDeploymentName).

param location string = 'eastus'

resource chat 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: 'aoai-chat-eastus'
  location: location
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: { customSubDomainName: 'aoai-chat-eastus' }
}

// scenarios/chat-ptu-spillover.yaml: accounts[aoai-chat-eastus].deployments[gpt41-paygo] (capacity in thousands of TPM)
resource paygo 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: chat
  name: 'gpt41-paygo'
  sku: { name: 'GlobalStandard', capacity: 1000 }
  properties: { model: { format: 'OpenAI', name: 'gpt-4.1', version: '2025-04-14' } }
}

// scenarios/chat-ptu-spillover.yaml: accounts[aoai-chat-eastus].deployments[gpt41-ptu] (capacity in PTU)
resource ptu 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: chat
  name: 'gpt41-ptu'
  sku: { name: 'GlobalProvisionedManaged', capacity: 100 }
  properties: {
    model: { format: 'OpenAI', name: 'gpt-4.1', version: '2025-04-14' }
    spilloverDeploymentName: paygo.name
  }
}
