rule {
  id = "test.os",
  title = "试图执行命令",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    os.execute("touch /tmp/pevcheck-escaped")
  end,
}
