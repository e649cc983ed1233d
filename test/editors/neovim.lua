-- Drives the bundled language server from a real Neovim (0.7 and later: vim.lsp.start_client,
-- which vim.lsp.start wraps in 0.8+), headless, as a user's configuration would, and writes what
-- Neovim got to a JSON file for test/editors/neovim.test.ts to check. Environment: ZL_NODE,
-- ZL_SERVER (dist/server.js), ZL_MTA (a zimbra.log), ZL_AUDIT (an audit.log), ZL_OUT.
local out = { version = vim.version(), registrations = {}, messages = {}, errors = {} }
local published = {}

local function wait(what, ms, cond)
  if not vim.wait(ms, cond, 50) then table.insert(out.errors, 'timed out waiting for ' .. what) end
end

local function open(path, filetype)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = filetype -- the language ID (the default get_language_id is the filetype)
  return buf
end

local function start(settings, capabilities)
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published[result.uri] = (published[result.uri] or 0) + 1
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
    ['client/registerCapability'] = function(_, result)
      table.insert(out.registrations, result)
      return vim.NIL
    end,
    ['window/showMessage'] = function(_, result)
      table.insert(out.messages, result)
    end,
  }
  return vim.lsp.start_client({
    name = 'zimbra-logs',
    cmd = { os.getenv('ZL_NODE'), os.getenv('ZL_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    settings = settings,
    capabilities = capabilities,
    handlers = handlers,
    -- Neovim 0.7 answers no workspace/configuration: the settings are pushed, as lspconfig does.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
  })
end

local function bursts(buf)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'login-burst' then table.insert(lines, d.lnum) end
  end
  table.sort(lines)
  return lines
end

local function position_of(buf, marker, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(marker, 1, true)
    if s then return { line = i - 1, character = s - 1 + (offset or 0) } end
  end
  error('not in the buffer: ' .. marker)
end

local function hover_lines(client, buf, pos)
  local r = client.request_sync('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = pos }, 20000, buf)
  if not r or not r.result then return { error = r and r.err or 'no answer' } end
  -- What Neovim shows in the hover window.
  local lines = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(r.result.contents))
  return { kind = r.result.contents.kind, lines = lines }
end

local ok, err = pcall(function()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  out.capabilities = { configuration = capabilities.workspace.configuration == true, hover = capabilities.textDocument.hover.contentFormat }
  local settings = { zimbraLogs = { security = { burstCount = 6 } } }

  -- An audit.log: its login bursts with the settings pushed at start, then with new ones pushed.
  local audit = open(os.getenv('ZL_AUDIT'), 'zimbra-log')
  local id = start(settings, capabilities)
  local client = vim.lsp.get_client_by_id(id)
  vim.lsp.buf_attach_client(audit, id)
  wait('login bursts', 20000, function() return #bursts(audit) > 0 end)
  out.burstsPushedAtStart = bursts(audit)
  local auditUri = vim.uri_from_bufnr(audit)
  local before = published[auditUri] or 0
  client.config.settings = { zimbraLogs = { security = { burstCount = 5 } } }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  wait('diagnostics after the push', 20000, function() return (published[auditUri] or 0) > before and #bursts(audit) > 0 end)
  out.burstsAfterPush = bursts(audit)

  -- A zimbra.log: diagnostics, hover, definition, references, code lenses.
  local mta = open(os.getenv('ZL_MTA'), 'postfix-log')
  vim.lsp.buf_attach_client(mta, id)
  wait('diagnostics', 20000, function() return #vim.diagnostic.get(mta) > 0 end)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(mta)) do
    table.insert(out.diagnostics, { line = d.lnum, severity = d.severity, message = d.message })
  end
  local at = position_of(mta, 'EFAF89FC43C: client=', 3)
  local uri = vim.uri_from_bufnr(mta)
  out.hover = hover_lines(client, mta, at)
  local def = client.request_sync('textDocument/definition', { textDocument = { uri = uri }, position = position_of(mta, 'queued as EFAF89FC43C', 12) }, 20000, mta)
  out.definition = def and def.result
  local refs = client.request_sync('textDocument/references', { textDocument = { uri = uri }, position = at, context = { includeDeclaration = true } }, 20000, mta)
  out.references = {}
  for _, l in ipairs(refs and refs.result or {}) do table.insert(out.references, l.range.start.line) end

  -- Code lenses as Neovim shows them (resolved), then the one of EFAF89FC43C run, as :lua vim.lsp.codelens.run() does.
  vim.lsp.codelens.refresh()
  wait('resolved code lenses', 20000, function()
    local lenses = vim.lsp.codelens.get(mta)
    if #lenses == 0 then return false end
    for _, l in ipairs(lenses) do if not l.command then return false end end
    return true
  end)
  out.lenses = {}
  for _, l in ipairs(vim.lsp.codelens.get(mta)) do
    table.insert(out.lenses, { line = l.range.start.line, title = l.command and l.command.title, command = l.command and l.command.command })
  end
  out.executeCommands = client.server_capabilities.executeCommandProvider
  vim.api.nvim_win_set_cursor(0, { at.line + 1, 0 })
  vim.lsp.codelens.run()
  wait('the lens command', 20000, function() return #out.messages > 0 end)

  -- A custom request, as the README's :ZimbraCollate sends it: the transaction under the cursor.
  vim.api.nvim_win_set_cursor(0, { at.line + 1, at.character })
  local collate = client.request_sync('zimbraLogs/collate', { uri = uri, position = vim.lsp.util.make_position_params().position }, 20000, mta)
  out.collate = collate and collate.result

  -- A client that prefers plain text hovers.
  local plain = vim.deepcopy(capabilities)
  plain.textDocument.hover.contentFormat = { 'plaintext', 'markdown' }
  local pid = start(settings, plain)
  vim.lsp.buf_attach_client(mta, pid)
  wait('the second client', 20000, function()
    local c = vim.lsp.get_client_by_id(pid)
    return c ~= nil and c.initialized == true
  end)
  out.plainHover = hover_lines(vim.lsp.get_client_by_id(pid), mta, at)
end)
if not ok then table.insert(out.errors, tostring(err)) end
local f = assert(io.open(os.getenv('ZL_OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
for _, c in ipairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd('qall!')
