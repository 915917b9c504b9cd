// ES module entry: the same engine as `require('salesrules')`.
import salesrules from './index.js'

export const { Engine, SalesrulesError, defaultPolicy, defaultPolicyJson, OPERATIONS, VERSION } = salesrules
export default salesrules
