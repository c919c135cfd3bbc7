namespace TaskRunner.Templating.Execution;

/// <summary>How a walked node ends: normally, or by {{break}} / {{continue}} bubbling up to the enclosing range.</summary>
internal enum Flow { Normal, Break, Continue }
