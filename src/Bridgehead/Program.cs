using System.CommandLine;
using Bridgehead.Cli;
using Bridgehead.Hosting;

InlineSocketCompletions.PreferInline();

var root = new RootCommand("Bridgehead: the WebRTC-to-SIP edge of a call centre.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(UserCommands.Create());
root.Subcommands.Add(AppNodeCommand.Create());
root.Subcommands.Add(OriginateCommand.Create());
root.Subcommands.Add(DispatcherCommands.Create());
root.Subcommands.Add(LoadBalancerCommands.Create());
root.Subcommands.Add(Bridgehead.Doctor.DoctorCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
