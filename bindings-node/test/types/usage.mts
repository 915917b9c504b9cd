// The ESM import resolves to the same types.
import salesrules, { Engine, type KeyInfluencersResponse } from 'salesrules'

const engine: InstanceType<typeof salesrules.Engine> = new Engine()
const r: KeyInfluencersResponse = engine.keyInfluencers({ contacts: [{ id: 'P1', role: 'cfo' }] })
void r
