// The suite on n8n 2.8's engine (n8n 2.8.4's packages, compat/n8n28): npm run test:n8n28
module.exports = require('./compat/jestConfig')('n8n28', 'n8n 2.8');
