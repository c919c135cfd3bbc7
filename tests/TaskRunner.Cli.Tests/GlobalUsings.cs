global using NUnit.Framework;
global using TaskRunner.TestSupport;
global using TaskRunner.Cli.Tests.Support;
