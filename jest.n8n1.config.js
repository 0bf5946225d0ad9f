// The suite on n8n 1.x's engine (n8n 1.123's packages, compat/n8n1): npm run test:n8n1
module.exports = require('./compat/jestConfig')('n8n1', 'n8n 1.x');
